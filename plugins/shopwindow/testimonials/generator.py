"""The testimonials generator: decides what is public, then writes the wall and everything beside it.

Only public testimonials (approved, with consent) ever enter the context or reach a writer, so no
template, feed or index can show one that is not.
"""

from __future__ import annotations

import json
import logging

from pelican.generators import Generator

from ..config import shopwindow_settings
from ..site.listing import services_of, write_listing
from ..site.published import PublicFiles
from .model import Testimonial, load_testimonials, rating_summary
from .share_image import share_image
from .structured import business_jsonld, review_jsonld, testimonial_excerpt

logger = logging.getLogger(__name__)

WALL_URL = "testimonials/"


def permalink(testimonial: Testimonial) -> str:
    return f"{WALL_URL}{testimonial.slug}/"


class TestimonialsGenerator(Generator):
    """Reads content/testimonials/ and writes the public testimonial pages, feed and JSON."""

    def generate_context(self) -> None:
        self.sw = shopwindow_settings(self.settings)
        testimonials, problems = load_testimonials(self.settings, self.readers)
        for problem in problems:
            logger.error("%s", problem)
        public = [t for t in testimonials if t.is_public]
        # Newest first (load order), featured ones on top.
        public.sort(key=lambda t: not t.featured)
        self.testimonials = public
        self.services = services_of(public, WALL_URL, self.settings)
        featured = [t for t in public if t.featured] or public
        self.context["testimonials"] = public
        self.context["testimonial_services"] = self.services
        self.context["testimonial_summary"] = rating_summary(public)
        self.context["featured_testimonials"] = featured[: self.sw["TESTIMONIALS_FEATURED"]]
        siteurl = self.settings.get("SITEURL", "")
        business = self.sw["BUSINESS"]
        self.context["testimonial_url"] = permalink
        self.context["testimonial_excerpt"] = testimonial_excerpt
        self.context["service_slugs"] = {s["name"]: s["slug"] for s in self.services}
        self.context["reviews_jsonld"] = lambda items: [
            review_jsonld(t, business, f"{siteurl}/{permalink(t)}") for t in items
        ]
        self.context["business_jsonld"] = lambda: business_jsonld(business, siteurl)
        self.context.setdefault("sitemap_urls", []).extend(
            [WALL_URL] + [s["url"] for s in self.services] + [permalink(t) for t in public]
        )

    # ------------------------------------------------------------------ output
    def generate_output(self, writer) -> None:
        files = PublicFiles(self)
        files.photos(t.photo for t in self.testimonials if t.photo)
        relative = self.settings["RELATIVE_URLS"]
        write_listing(
            files,
            writer,
            self.get_template("testimonials"),
            self.context,
            WALL_URL,
            self.testimonials,
            self.services,
            relative,
        )
        page = self.get_template("testimonial")
        for testimonial in self.testimonials:
            url = permalink(testimonial)
            files.page(
                writer,
                f"{url}index.html",
                page,
                self.context,
                relative_urls=relative,
                page_url=url,
                testimonial=testimonial,
            )
            files.data(
                f"{url}share.png",
                share_image(
                    testimonial.text,
                    testimonial.rating,
                    testimonial.author,
                    self.sw["BUSINESS"]["name"],
                    self.sw["SHARE_IMAGE_FONT"],
                ),
            )
        files.page(
            writer,
            f"{WALL_URL}embed/index.html",
            self.get_template("testimonials_embed"),
            self.context,
            relative_urls=relative,
            page_url=f"{WALL_URL}embed/",
            shown=self.testimonials,
        )
        feed = self.env.get_template("testimonials.atom.xml")
        files.page(
            writer,
            f"{WALL_URL}feed.atom",
            feed,
            self.context,
            relative_urls=False,
            page_url=f"{WALL_URL}feed.atom",
            shown=self.testimonials,
        )
        files.data("testimonials.json", self._json().encode())

    def _json(self) -> str:
        site = self.settings.get("SITEURL", "")
        items = []
        for t in self.testimonials:
            items.append(
                {
                    "id": t.slug,
                    "author": t.author,
                    "rating": t.rating,
                    "date": t.date.date().isoformat() if t.date else None,
                    "title": t.title or None,
                    "services": list(t.services),
                    "verified_job": t.verified_job,
                    "featured": t.featured,
                    "text": t.text,
                    "html": t.body_html,
                    "url": f"{site}/{permalink(t)}",
                    "photo": f"{site}/photos/{t.photo.largest.name}" if t.photo else None,
                }
            )
        payload = {
            "business": self.sw["BUSINESS"]["name"],
            "summary": {
                k: v for k, v in rating_summary(self.testimonials).items() if k != "largest"
            },
            "testimonials": items,
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def get_generators(pelican):
    return TestimonialsGenerator
