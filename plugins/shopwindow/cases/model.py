"""Case-result reports, read from ``content/cases/*.md``: what was promised against what was delivered,
before and after, in numbers and pictures. A report is public only when published with consent; a
private one is shown only inside its job's private page."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pelican.readers import Readers
from pelican.utils import slugify

from ..build_state import per_build
from ..photos import PhotoCache, PhotoError, PhotoSettings, ProcessedPhoto, process_photo
from ..sanitise import plain_text, staff_text
from ..settings import shopwindow_settings
from ..sources import (
    ContentError,
    Source,
    check_inside,
    date_field,
    list_field,
    read_source,
    shown_path,
    status_and_consent,
    text_field,
)
from .chart import metrics_chart

STATUSES = ("draft", "private", "published")


@dataclass(frozen=True)
class Metric:
    name: str
    before: Decimal
    after: Decimal
    unit: str


@dataclass(frozen=True)
class Comparison:
    """Promised against delivered (days or dates), or quoted against final (a price)."""

    kind: str  # "days", "dates" or "price"
    promised: object
    delivered: object
    difference: Decimal | int  # delivered - promised: negative is early or under

    @property
    def state(self) -> str:
        return "better" if self.difference < 0 else "worse" if self.difference > 0 else "same"


@dataclass(frozen=True)
class Case:
    slug: str
    source_path: str
    folder: Path
    title: str
    client: str
    status: str
    consent: dt.datetime | None
    job: str
    services: tuple[str, ...]
    date: dt.datetime | None
    promise: Comparison | None
    price: Comparison | None
    currency: str
    metrics: tuple[Metric, ...]
    before: Path | None
    after: Path | None
    gallery: tuple[Path, ...]
    testimonial: str
    body_html: str
    photos: dict = field(
        default_factory=dict, compare=False
    )  # Path -> ProcessedPhoto (public only)

    @property
    def is_public(self) -> bool:
        return self.status == "published" and self.consent is not None

    @property
    def text(self) -> str:
        return plain_text(self.body_html)

    @property
    def chart(self) -> dict:
        """The metrics as bar-chart geometry (``chart.metrics_chart``)."""
        return metrics_chart(self.metrics)

    def photo(self, path: Path | None) -> ProcessedPhoto | None:
        return self.photos.get(path) if path else None


def _decimal(source: Source, name: str, text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise ContentError(source.shown_path, name, f'"{text}" is not a number') from None


def _metrics(source: Source) -> tuple[Metric, ...]:
    value = source.fields.get("metric")
    lines = value if isinstance(value, list) else [value] if value else []
    metrics = []
    for line in lines:
        parts = [p.strip() for p in str(line).split("|")]
        if len(parts) not in (3, 4) or not parts[0]:
            raise ContentError(
                source.shown_path, "Metric", f'"{line}" is not "name | before | after | unit"'
            )
        before, after = (_decimal(source, "Metric", p) for p in parts[1:3])
        if before < 0 or after < 0:
            raise ContentError(
                source.shown_path, "Metric", f'"{line}": values must not be negative'
            )
        metrics.append(Metric(parts[0], before, after, parts[3] if len(parts) == 4 else ""))
    return tuple(metrics)


def _promise(source: Source) -> Comparison | None:
    promised, delivered = text_field(source, "Promised"), text_field(source, "Delivered")
    if not promised and not delivered:
        return None
    if not (promised and delivered):
        missing = "Delivered" if promised else "Promised"
        raise ContentError(
            source.shown_path, missing, "is missing: give both Promised and Delivered"
        )
    if re.fullmatch(r"\d+", promised) and re.fullmatch(r"\d+", delivered):
        return Comparison("days", int(promised), int(delivered), int(delivered) - int(promised))
    first, second = date_field(source, "Promised"), date_field(source, "Delivered")
    return Comparison("dates", first.date(), second.date(), (second.date() - first.date()).days)


def _price(source: Source) -> Comparison | None:
    quoted, final = text_field(source, "Quoted"), text_field(source, "Final")
    if not quoted and not final:
        return None
    if not (quoted and final):
        raise ContentError(
            source.shown_path,
            "Final" if quoted else "Quoted",
            "is missing: give both Quoted and Final",
        )
    a, b = _decimal(source, "Quoted", quoted), _decimal(source, "Final", final)
    return Comparison("price", a, b, b - a)


def _photo_path(source: Source, name: str) -> Path | None:
    file = text_field(source, name)
    if not file:
        return None
    path = Path(os.path.dirname(source.path), file)
    if not path.is_file():
        raise ContentError(source.shown_path, name, f'"{file}" does not exist beside the file')
    check_inside(path, Path(source.path).parent, source.shown_path, name)
    return path


def case_from_source(source: Source, settings: dict) -> Case:
    title = text_field(source, "Title", required=True)
    status, consent = status_and_consent(
        source,
        STATUSES,
        "published",
        "is missing: a published report needs the date the client agreed",
    )
    gallery = []
    for name in list_field(source, "Gallery"):
        path = Path(os.path.dirname(source.path), name)
        if not path.is_file():
            raise ContentError(
                source.shown_path, "Gallery", f'"{name}" does not exist beside the file'
            )
        check_inside(path, Path(source.path).parent, source.shown_path, "Gallery")
        gallery.append(path)
    price = _price(source)
    return Case(
        slug=slugify(
            Path(source.path).stem, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        ),
        source_path=source.shown_path,
        folder=Path(source.path).parent,
        title=title,
        client=text_field(source, "Client"),
        status=status,
        consent=consent,
        job=text_field(source, "Job"),
        services=list_field(source, "Service"),
        date=date_field(source, "Date"),
        promise=_promise(source),
        price=price,
        currency=text_field(source, "Currency"),
        metrics=_metrics(source),
        before=_photo_path(source, "Before"),
        after=_photo_path(source, "After"),
        gallery=tuple(gallery),
        testimonial=text_field(source, "Testimonial"),
        body_html=staff_text(source.body_html),
    )


def case_files(settings: dict) -> list[str]:
    root = Path(settings["PATH"], shopwindow_settings(settings).cases_path)
    return sorted(str(p) for p in root.rglob("*.md")) if root.is_dir() else []


def load_cases(
    settings: dict, readers: Readers | None = None
) -> tuple[list[Case], list[ContentError]]:
    """Every report that passes its checks, newest first; photos of public ones through the pipeline."""
    sw = shopwindow_settings(settings)
    readers = readers or Readers(settings)
    photo_settings = PhotoSettings.from_settings(sw)
    cases, problems = [], []
    for path in case_files(settings):
        try:
            check_inside(Path(path), settings["PATH"], shown_path(path), None)
            case = case_from_source(read_source(readers, settings["PATH"], path), settings)
            if case.is_public:
                case = replace(
                    case, photos=_public_photos(case, photo_settings, PhotoCache(sw.cache_path))
                )
        except ContentError as problem:
            problems.append(problem)
            continue
        cases.append(case)
    cases.sort(key=lambda c: (c.date or dt.datetime.min, c.slug), reverse=True)
    return cases, problems


def _public_photos(case: Case, settings: PhotoSettings, cache: PhotoCache) -> dict:
    photos = {}
    for name, path in [("Before", case.before), ("After", case.after)] + [
        ("Gallery", p) for p in case.gallery
    ]:
        if path is None:
            continue
        try:
            photos[path] = process_photo(path, settings, cache)
        except PhotoError as error:
            raise ContentError(case.source_path, name, f'"{path.name}" {error}') from None
    return photos


def build_cases(context: dict, settings: dict, readers: Readers):
    """``load_cases``, once per build, whichever part asks first."""
    return per_build(context, "cases", lambda: load_cases(settings, readers))
