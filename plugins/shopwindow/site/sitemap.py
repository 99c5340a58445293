"""sitemap.xml of the public pages: Pelican's published articles and pages, and whatever Shopwindow's
generators list in ``context["sitemap_urls"]``. Private pages never add themselves."""

from __future__ import annotations

from pelican.generators import Generator


class SitemapGenerator(Generator):
    def generate_context(self) -> None:
        self.context.setdefault("sitemap_urls", [])

    def generate_output(self, writer) -> None:
        urls = [""]
        for item in self.context.get("articles", []) + self.context.get("pages", []):
            urls.append(item.url)
        urls += self.context.get("sitemap_urls", [])
        template = self.env.get_template("sitemap.xml")
        writer.write_file("sitemap.xml", template, self.context, urls=list(dict.fromkeys(urls)))


def get_generators(pelican):
    return SitemapGenerator
