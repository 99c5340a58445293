"""The testimonials generator: decides what is public, then writes the wall and everything beside it.

Only public testimonials (approved, with consent) ever enter the context or reach a writer, so no
template, feed or index can show one that is not. Until there is one, it writes nothing: no empty
wall, feed or JSON.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import replace

from markupsafe import Markup

from ..build_state import build_state
from ..derived_cache import DerivedCache
from ..listing import languages_of, services_of, write_listing
from ..menu import add_to_menu
from ..parallel import in_threads
from ..photos.video import VideoSettings
from ..published import PublicFiles
from ..rendering import ShopwindowGenerator
from ..urls import photo_url, testimonial_url
from .model import Testimonial, build_testimonials, rating_summary, site_language
from .proof import verifications
from .share_image import drawing_inputs, font_name, missing_glyphs, share_image
from .structured import business_jsonld, review_jsonld, testimonial_excerpt

logger = logging.getLogger(__name__)


class TestimonialsGenerator(ShopwindowGenerator):
    """Reads the testimonials folder and writes the public testimonial pages, feed and JSON."""

    def generate_context(self) -> None:
        testimonials, problems = build_testimonials(self.context, self.settings, self.readers)
        for problem in problems:
            logger.error("%s", problem)
        public = [t for t in testimonials if t.is_public]
        kinds, claims = verifications(self.settings, public)
        for claim in claims:
            logger.warning("%s", claim)
        public = [replace(t, verified=kinds[t.slug], video=self._video(t)) for t in public]
        # Newest first (load order), featured ones on top.
        public.sort(key=lambda t: not t.featured)
        self.testimonials = public
        if public:
            build_state(self.context).writes_pages = True
            add_to_menu(self, "wall", self.gettext("Testimonials"), self.sw.wall_url)
        wall = self.sw.wall_url
        self.services = services_of(public, wall, self.settings)
        self.languages = languages_of(public, wall, self.sw.lang)
        featured = ([t for t in public if t.featured] or public)[: self.sw.featured_testimonials]
        siteurl, business = self.settings.get("SITEURL", ""), self.sw.business
        summary = rating_summary(public)
        # What Shopwindow's templates of this part use; nothing here is read by another part.
        self.variables = {
            "testimonials": public,
            "testimonial_services": self.services,
            "testimonial_languages": self.languages,
            "site_language": site_language(self.settings),  # the theme's pages' lang
            "testimonial_summary": summary,
            "featured_testimonials": featured,
            "service_slugs": {s["name"]: s["slug"] for s in self.services},
            "testimonial_excerpt": testimonial_excerpt,
            "reviews_jsonld": lambda items: [
                review_jsonld(t, business, f"{siteurl}/{testimonial_url(self.sw, t)}", siteurl)
                for t in items
            ],
            "business_jsonld": lambda: business_jsonld(business, siteurl),
        }
        # For the site's own templates (a home page): the public testimonials, and ready-made pieces.
        self.context["testimonials"] = public
        snippets = self.context.setdefault("shopwindow_snippets", {})
        variables = {**self.context, **self.variables}
        for name in ("featured_testimonials", "rating_summary", "business_jsonld"):
            snippets[name] = Markup(self.render(f"shopwindow/snippets/{name}", variables))

    # ------------------------------------------------------------------ output
    def generate_output(self, writer) -> None:
        if not self.testimonials:
            return
        files = PublicFiles(self)
        files.photos(t.photo for t in self.testimonials if t.photo)
        files.photos(t.clip.poster for t in self.testimonials if t.clip)
        for t in self.testimonials:
            if t.video:
                files.data(t.video["src"], t.clip.read_bytes())
                if t.video["captions"]:
                    files.data(t.video["captions"], t.captions_source.read_bytes())
        relative = self.settings["RELATIVE_URLS"]
        wall = self.sw.wall_url
        write_listing(
            files,
            writer,
            self.get_template("shopwindow/wall"),
            self.context,
            wall,
            self.testimonials,
            self.services,
            relative,
            self.variables,
            self.languages,
        )
        page = self.get_template("shopwindow/testimonial")
        share_images = self.share_images()
        for testimonial in self.testimonials:
            url = testimonial_url(self.sw, testimonial)
            files.page(
                writer,
                f"{url}index.html",
                page,
                self.context,
                **self.variables,
                relative_urls=relative,
                page_url=url,
                testimonial=testimonial,
            )
            files.data(f"{url}share.png", share_images(testimonial))
        # The embed is noindex: written past Pelican's writer, so a sitemap plugin never lists it.
        files.unannounced_page(
            f"{wall}embed/index.html",
            self.get_template("shopwindow/embed"),
            self.context,
            relative,
            **self.variables,
            page_url=f"{wall}embed/",
            shown=self.testimonials,
        )
        files.page(
            writer,
            f"{wall}feed.atom",
            self.env.get_template("shopwindow/testimonials.atom.xml"),
            self.context,
            **self.variables,
            relative_urls=False,
            page_url=f"{wall}feed.atom",
            shown=self.testimonials,
        )
        files.page(
            writer,
            f"{wall}how-we-verify/index.html",
            self.get_template("shopwindow/verify"),
            self.context,
            **self.variables,
            relative_urls=relative,
            page_url=f"{wall}how-we-verify/",
        )
        files.data(f"{wall}testimonials.json", self._json().encode())

    def share_images(self) -> Callable[[Testimonial], bytes]:
        """Each public testimonial's share image, from the cache: drawn into it first, on every core,
        where its inputs changed. Images stay on disk, not in memory, until each is written out."""
        cache = DerivedCache(self.sw.cache_path, "share-images")
        drawing = drawing_inputs(self.sw.share_image_font)
        inputs = {t.slug: self._share_inputs(t) for t in self.testimonials}
        keys = {slug: cache.key(*values, drawing) for slug, values in inputs.items()}
        build_state(self.context).share_images.update(keys.values())  # kept; the rest is pruned
        missing = [slug for slug, key in keys.items() if not cache.has(key)]
        for testimonial in self.testimonials:
            if testimonial.slug in missing:
                self._warn_of_glyphs(testimonial)
        in_threads(lambda slug: cache.put(keys[slug], share_image(*inputs[slug])), missing)
        logger.info(
            "shopwindow: %d share image(s) drawn, %d from the cache",
            len(missing),
            len(keys) - len(missing),
        )

        def image(testimonial: Testimonial) -> bytes:
            data = cache.get(keys[testimonial.slug])
            if data is None:  # the cache was emptied during the build
                data = share_image(*inputs[testimonial.slug])
            return data

        return image

    def _video(self, testimonial: Testimonial) -> dict | None:
        """A video testimonial's public addresses (below the photos folder, named by a hash of the
        source's content hash and the clip settings: a new transcode, a new name) and its size."""
        clip = testimonial.clip
        if clip is None:
            return None
        settings = VideoSettings.from_settings(self.sw).fingerprint()
        name = hashlib.sha256(f"{clip.source_digest};{settings}".encode()).hexdigest()[:20]
        captions = None
        if testimonial.captions_source:
            digest = hashlib.sha256(testimonial.captions_source.read_bytes()).hexdigest()[:20]
            captions = f"{self.sw.photos_url}{digest}.vtt"
        return {
            "src": f"{self.sw.photos_url}{name}.mp4",
            "captions": captions,
            "poster": photo_url(self.sw, clip.poster.largest.name),
            "width": clip.width,
            "height": clip.height,
            "duration": f"PT{max(1, round(clip.seconds))}S",
        }

    def _warn_of_glyphs(self, testimonial: Testimonial) -> None:
        font = self.sw.share_image_font
        lacking = missing_glyphs(f"{testimonial.text} {testimonial.author}", font)
        if lacking:
            logger.warning(
                '%s: its share image draws "%s" as boxes: the font %s has no glyph for it; set '
                'SHOPWINDOW["share_image_font"] to a TrueType font that has',
                testimonial.source_path,
                lacking,
                font_name(font),
            )

    def _share_inputs(self, testimonial: Testimonial) -> tuple:
        """The arguments of ``share_image`` for one testimonial."""
        return (
            testimonial.text,
            testimonial.rating,
            testimonial.author,
            self.sw.business.name,
            self.sw.share_image_font,
            str(testimonial.clip.poster.largest.path) if testimonial.clip else "",
        )

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
                    "verified": {"page": "job page", "job": "job"}.get(t.verified),
                    "featured": t.featured,
                    "language": t.language,
                    "text": t.text,
                    "html": t.body_html,
                    "url": f"{site}/{testimonial_url(self.sw, t)}",
                    "photo": f"{site}/{photo_url(self.sw, t.photo.largest.name)}"
                    if t.photo
                    else None,
                    "video": {
                        "url": f"{site}/{t.video['src']}",
                        "poster": f"{site}/{t.video['poster']}",
                        "captions": f"{site}/{t.video['captions']}"
                        if t.video["captions"]
                        else None,
                        "width": t.video["width"],
                        "height": t.video["height"],
                    }
                    if t.video
                    else None,
                }
            )
        payload = {
            "business": self.sw.business.name,
            "summary": {
                k: v for k, v in rating_summary(self.testimonials).items() if k != "largest"
            },
            "testimonials": items,
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
