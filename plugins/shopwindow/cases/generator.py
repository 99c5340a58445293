"""The cases generator: public reports, their index, per-service pages, feed, and the track record.

Only reports published with consent enter the context; private reports reach their job's page through
the jobs generator (sealed), and drafts reach nothing. The reports' pages are written once one is
published; the track record once a job is done (its figures are the done jobs').
"""

from __future__ import annotations

import logging

from markupsafe import Markup

from ..access.private_cache import parsed_jobs
from ..build_state import build_state
from ..clock import today
from ..jobs.model import build_jobs
from ..jobs.record import done_job_figures
from ..listing import services_of, write_listing
from ..menu import add_to_menu
from ..published import PublicFiles
from ..rendering import ShopwindowGenerator
from ..settings import ShopwindowSettings
from ..testimonials.model import build_testimonials
from ..urls import case_url, photo_url
from .chart import monthly_chart
from .model import Case, build_cases

logger = logging.getLogger(__name__)


def case_jsonld(case: Case, sw: ShopwindowSettings, siteurl: str) -> dict:
    """schema.org Article for a published report."""
    business = sw.business
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case.title,
        "url": f"{siteurl}/{case_url(sw, case)}",
        "author": {"@type": "Organization", "name": business.name},
        "publisher": {"@type": "Organization", "name": business.name},
        "about": [{"@type": "Service", "name": s} for s in case.services],
    }
    if case.date:
        data["datePublished"] = case.date.date().isoformat()
    image = case.photo(case.after) or case.photo(case.before)
    if image:
        data["image"] = f"{siteurl}/{photo_url(sw, image.largest.name)}"
    return data


def track_record(settings: dict, context: dict, readers, public_reports: int) -> dict:
    """The figures of ``/track-record/``: done jobs (``jobs.record``, as ``shopwindow stats``), the
    public testimonials' ratings and the number of published reports."""
    jobs, _ = build_jobs(context, settings, readers, parsed_jobs(settings))
    testimonials, _ = build_testimonials(context, settings, readers)
    ratings = [t.rating for t in testimonials if t.is_public and t.rating]
    figures = done_job_figures(jobs, today())
    return {
        **figures,
        "rating_average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "rating_count": len(ratings),
        "reports": public_reports,
        "chart": monthly_chart(figures["months"]),
    }


class CasesGenerator(ShopwindowGenerator):
    def generate_context(self) -> None:
        cases, problems = build_cases(self.context, self.settings, self.readers)
        for problem in problems:
            logger.error("%s", problem)
        self.cases = [c for c in cases if c.is_public]
        self.services = services_of(self.cases, self.sw.cases_url, self.settings)
        self.record = track_record(self.settings, self.context, self.readers, len(self.cases))
        testimonials, _ = build_testimonials(self.context, self.settings, self.readers)
        siteurl = self.settings.get("SITEURL", "")
        # What this part's templates use; nothing here is read by another part.
        self.variables = {
            "case_services": self.services,
            "case_jsonld": lambda case: case_jsonld(case, self.sw, siteurl),
            "quotes": {t.slug: t for t in testimonials if t.is_public},
            "record": self.record,
        }
        # For the site's own templates: the public reports, the record, and its headline figures.
        self.context["cases"] = self.cases
        self.context["track_record"] = self.record
        snippets = self.context.setdefault("shopwindow_snippets", {})
        snippets["track_record"] = Markup(
            self.render("shopwindow/snippets/track_record", {**self.context, **self.variables})
        )
        if self.cases or self.record["completed"]:
            build_state(self.context).writes_pages = True
        if self.cases:
            add_to_menu(self, "cases", self.gettext("Results"), self.sw.cases_url)
        if self.record["completed"]:
            add_to_menu(
                self, "track_record", self.gettext("Our track record"), self.sw.track_record_url
            )

    def generate_output(self, writer) -> None:
        files = PublicFiles(self)
        relative = self.settings["RELATIVE_URLS"]
        if self.cases:
            self._write_reports(files, writer, relative)
        if self.record["completed"]:
            record_url = self.sw.track_record_url
            files.page(
                writer,
                f"{record_url}index.html",
                self.get_template("shopwindow/track_record"),
                self.context,
                **self.variables,
                relative_urls=relative,
                page_url=record_url,
            )

    def _write_reports(self, files: PublicFiles, writer, relative: bool) -> None:
        files.photos(p for c in self.cases for p in c.photos.values())
        index = self.sw.cases_url
        write_listing(
            files,
            writer,
            self.get_template("shopwindow/cases"),
            self.context,
            index,
            self.cases,
            self.services,
            relative,
            self.variables,
        )
        page = self.get_template("shopwindow/case")
        for case in self.cases:
            url = case_url(self.sw, case)
            files.page(
                writer,
                f"{url}index.html",
                page,
                self.context,
                **self.variables,
                relative_urls=relative,
                page_url=url,
                case=case,
                quote=self.variables["quotes"].get(case.testimonial),
            )
        files.page(
            writer,
            f"{index}feed.atom",
            self.env.get_template("shopwindow/cases.atom.xml"),
            self.context,
            **self.variables,
            relative_urls=False,
            page_url=f"{index}feed.atom",
            shown=self.cases,
        )
