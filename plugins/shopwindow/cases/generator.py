"""The cases generator: public reports, their index, per-service pages, feed, and the track record.

Only reports published with consent enter the context; private reports reach their job's page through
the jobs generator (sealed), and drafts reach nothing.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from ..config import shopwindow_settings
from ..jobs.model import today
from ..loaded import loaded_cases, loaded_jobs
from ..site.listing import services_of, write_listing
from ..site.published import PublicFiles
from .chart import metrics_chart
from .model import Case
from .record import track_record

logger = logging.getLogger(__name__)

INDEX_URL = "cases/"
RECORD_URL = "track-record/"


def case_jsonld(case: Case, business: dict, url: str, siteurl: str) -> dict:
    """schema.org Article for a published report."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case.title,
        "url": url,
        "author": {"@type": "Organization", "name": business["name"]},
        "publisher": {"@type": "Organization", "name": business["name"]},
        "about": [{"@type": "Service", "name": s} for s in case.services],
    }
    if case.date:
        data["datePublished"] = case.date.date().isoformat()
    image = case.photo(case.after) or case.photo(case.before)
    if image:
        data["image"] = f"{siteurl}/photos/{image.largest.name}"
    return data


def case_url(case: Case) -> str:
    return f"{INDEX_URL}{case.slug}/"


class CasesGenerator(Generator):
    def generate_context(self) -> None:
        self.sw = shopwindow_settings(self.settings)
        cases, problems = loaded_cases(self)
        for problem in problems:
            logger.error("%s", problem)
        self.cases = [c for c in cases if c.is_public]
        self.services = services_of(self.cases, INDEX_URL, self.settings)
        jobs, _ = loaded_jobs(self)
        ratings = [t.rating for t in self.context.get("testimonials", []) if t.rating]
        self.record = track_record(jobs, ratings, len(self.cases), today())
        self.context["cases"] = self.cases
        self.context["case_services"] = self.services
        self.context["case_url"] = case_url
        self.context["case_chart"] = lambda case: metrics_chart(case.metrics)
        self.context["track_record"] = self.record
        siteurl, business = self.settings.get("SITEURL", ""), self.sw["BUSINESS"]
        self.context["case_jsonld"] = lambda case: case_jsonld(
            case, business, f"{siteurl}/{case_url(case)}", siteurl
        )
        self.context.setdefault("sitemap_urls", []).extend(
            [INDEX_URL, RECORD_URL]
            + [s["url"] for s in self.services]
            + [case_url(c) for c in self.cases]
        )

    def generate_output(self, writer) -> None:
        files = PublicFiles(self)
        files.photos(p for c in self.cases for p in c.photos.values())
        quotes = {t.slug: t for t in self.context.get("testimonials", [])}
        relative = self.settings["RELATIVE_URLS"]
        write_listing(
            files,
            writer,
            self.get_template("cases"),
            self.context,
            INDEX_URL,
            self.cases,
            self.services,
            relative,
        )
        page = self.get_template("case")
        for case in self.cases:
            files.page(
                writer,
                f"{case_url(case)}index.html",
                page,
                self.context,
                relative_urls=relative,
                page_url=case_url(case),
                case=case,
                quote=quotes.get(case.testimonial),
            )
        files.page(
            writer,
            f"{INDEX_URL}feed.atom",
            self.env.get_template("cases.atom.xml"),
            self.context,
            relative_urls=False,
            page_url=f"{INDEX_URL}feed.atom",
            shown=self.cases,
        )
        files.page(
            writer,
            f"{RECORD_URL}index.html",
            self.get_template("track_record"),
            self.context,
            relative_urls=relative,
            page_url=RECORD_URL,
            record=self.record,
        )


def get_generators(pelican):
    return CasesGenerator
