"""The testimonial as the site knows it, read from ``content/testimonials/*.md`` and checked.

``load_testimonials`` is the single reader: the generator and ``shopwindow check`` both use it, so the
rules of what may be published live in one place (``Testimonial.is_public``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from pelican.readers import Readers
from pelican.utils import slugify

from ..build_state import per_build
from ..i18n import language_tag
from ..photos import PhotoCache, PhotoError, PhotoSettings, ProcessedPhoto, process_photo
from ..photos.video import (
    VIDEO_SUFFIXES,
    ProcessedClip,
    VideoError,
    VideoSettings,
    process_clip,
)
from ..sanitise import customer_words, plain_text
from ..settings import shopwindow_settings
from ..sources import (
    ContentError,
    Source,
    bool_field,
    check_inside,
    choice_field,
    date_field,
    int_field,
    list_field,
    read_source,
    shown_path,
    status_and_consent,
    text_field,
)

STATUSES = ("draft", "pending", "approved", "rejected", "withdrawn")
SOURCES = (
    "form", "email", "phone", "in person", "job page",
    "google", "facebook", "trustpilot", "yelp", "import",
)  # fmt: skip
RESERVED_SLUGS = {
    "service",
    "language",
    "embed",
    "feed",
    "how-we-verify",
}  # the wall's own sub-pages


@dataclass(frozen=True)
class Testimonial:
    slug: str
    source_path: str  # as shown to people
    author: str
    status: str
    consent: dt.datetime | None
    rating: int | None
    date: dt.datetime | None
    title: str
    services: tuple[str, ...]
    job: str  # the job it came from, as written ("" when none)
    case: str
    photo_source: Path | None
    source: str
    featured: bool
    body_html: str  # sanitised
    language: str = "en"  # a language tag: the customer's words are in it
    code_line: str = ""  # Testimonial-Code: what the job's page made, as written
    verified: str = ""  # "page", "job" or "": what the build verified (testimonials.proof)
    video_source: Path | None = None  # a phone clip beside the file (Video)
    captions_source: Path | None = None  # its WebVTT captions: the clip's name with .vtt
    photo: ProcessedPhoto | None = field(default=None, compare=False)
    clip: ProcessedClip | None = field(default=None, compare=False)
    video: dict | None = field(
        default=None, compare=False
    )  # its public addresses (the generator's)

    @property
    def is_public(self) -> bool:
        return self.status == "approved" and self.consent is not None

    @property
    def verified_job(self) -> bool:
        return bool(self.verified)

    @property
    def text(self) -> str:
        return plain_text(self.body_html)

    @property
    def sort_key(self) -> tuple:
        return (self.date or dt.datetime.min, self.slug)


def testimonial_from_source(source: Source, settings: dict) -> Testimonial:
    """Check every field of one file; raise ContentError on the first problem."""
    author = text_field(source, "Author", required=True)
    status, consent = status_and_consent(
        source,
        STATUSES,
        "approved",
        "is missing: an approved testimonial needs the date the customer agreed",
    )
    rating = int_field(source, "Rating", 1, 5)
    date = date_field(source, "Date")
    photo_name = text_field(source, "Photo")
    photo_source = None
    if photo_name:
        photo_source = Path(os.path.dirname(source.path), photo_name)
        if not photo_source.is_file():
            raise ContentError(
                source.shown_path, "Photo", f'"{photo_name}" does not exist beside the file'
            )
        check_inside(photo_source, settings["PATH"], source.shown_path, "Photo")
    video_source, captions_source = _video(source, settings)
    source_kind = (
        choice_field(source, "Source", SOURCES, default="form")
        if text_field(source, "Source")
        else ""
    )
    body = customer_words(source.body_html)
    if not plain_text(body):
        raise ContentError(
            source.shown_path, "body", "is empty: the customer's words go below the header"
        )
    stem = Path(source.path).stem
    language = text_field(source, "Language")
    tag = language_tag(language) if language else site_language(settings)
    if tag is None:
        raise ContentError(
            source.shown_path, "Language", f'"{language}" is not a language code (en, ru, ro, ...)'
        )
    return Testimonial(
        slug=slugify(stem, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])),
        source_path=source.shown_path,
        author=author,
        status=status,
        consent=consent,
        rating=rating,
        date=date,
        title=text_field(source, "Title"),
        services=list_field(source, "Service"),
        job=text_field(source, "Job"),
        case=text_field(source, "Case"),
        photo_source=photo_source,
        source=source_kind,
        featured=bool_field(source, "Featured"),
        body_html=body,
        language=tag,
        code_line=text_field(source, "Testimonial-Code"),
        video_source=video_source,
        captions_source=captions_source,
    )


def _video(source: Source, settings: dict) -> tuple[Path | None, Path | None]:
    """The clip a ``Video`` field names, beside the file, and its captions (``<clip name>.vtt``)."""
    name = text_field(source, "Video")
    if not name:
        return None, None
    path = Path(os.path.dirname(source.path), name)
    if path.suffix.lower() not in VIDEO_SUFFIXES:
        raise ContentError(source.shown_path, "Video", f'"{name}" is not a clip '
                           f"({', '.join(VIDEO_SUFFIXES)})")  # fmt: skip
    if not path.is_file():
        raise ContentError(source.shown_path, "Video", f'"{name}" does not exist beside the file')
    check_inside(path, settings["PATH"], source.shown_path, "Video")
    captions = path.with_suffix(".vtt")
    if not captions.is_file():
        return path, None
    check_inside(captions, settings["PATH"], source.shown_path, "Video")
    try:
        text = captions.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(source.shown_path, "Video", f'captions "{captions.name}" are not UTF-8 '
                           "text") from None  # fmt: skip
    if not text.startswith("WEBVTT"):
        raise ContentError(source.shown_path, "Video", f'captions "{captions.name}" are not WebVTT '
                           '(the file starts with "WEBVTT")')  # fmt: skip
    return path, captions


def site_language(settings: dict) -> str:
    """The site's language (``DEFAULT_LANG``) as a tag: what a testimonial without ``Language`` is in."""
    return (
        language_tag(str(settings.get("DEFAULT_LANG") or "")) or shopwindow_settings(settings).lang
    )


def testimonial_files(settings: dict, folder: str) -> list[str]:
    root = Path(settings["PATH"], folder)
    if not root.is_dir():
        return []
    return sorted(str(p) for p in root.rglob("*.md") if p.is_file())


def load_testimonials(
    settings: dict, readers: Readers | None = None
) -> tuple[list[Testimonial], list[ContentError]]:
    """Every testimonial that passes its checks, newest first, and one error per file that does not.

    Photos of public testimonials go through the photo pipeline here (cached), so a broken photo is
    a content error for the build and for ``shopwindow check`` alike.
    """
    sw = shopwindow_settings(settings)
    readers = readers or Readers(settings)
    photo_settings = PhotoSettings.from_settings(sw)
    testimonials: list[Testimonial] = []
    problems: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in testimonial_files(settings, sw.testimonials_path):
        try:
            check_inside(Path(path), settings["PATH"], shown_path(path), None)
            testimonial = testimonial_from_source(
                read_source(readers, settings["PATH"], path), settings
            )
            if testimonial.slug in seen:
                raise ContentError(
                    testimonial.source_path, None, f"has the same slug as {seen[testimonial.slug]}"
                )
            if testimonial.slug in RESERVED_SLUGS:
                raise ContentError(
                    testimonial.source_path,
                    None,
                    f'file name "{testimonial.slug}" is reserved for the wall\'s own pages; rename the file',
                )
            if testimonial.is_public and testimonial.photo_source:
                testimonial = replace(
                    testimonial,
                    photo=_photo(testimonial, photo_settings, PhotoCache(sw.cache_path)),
                )
            if testimonial.is_public and testimonial.video_source:
                testimonial = replace(
                    testimonial,
                    clip=_clip(testimonial, sw, photo_settings, PhotoCache(sw.cache_path)),
                )
        except ContentError as problem:
            problems.append(problem)
            continue
        seen[testimonial.slug] = testimonial.source_path
        testimonials.append(testimonial)
    testimonials.sort(key=lambda t: t.sort_key, reverse=True)
    return testimonials, problems


def _photo(
    testimonial: Testimonial, photo_settings: PhotoSettings, cache: PhotoCache
) -> ProcessedPhoto:
    try:
        return process_photo(testimonial.photo_source, photo_settings, cache)
    except PhotoError as error:
        raise ContentError(
            testimonial.source_path, "Photo", f'"{testimonial.photo_source.name}" {error}'
        ) from None


def _clip(testimonial: Testimonial, sw, photo_settings: PhotoSettings, cache) -> ProcessedClip:
    try:
        return process_clip(
            testimonial.video_source, VideoSettings.from_settings(sw), photo_settings, cache
        )
    except (VideoError, PhotoError) as error:
        raise ContentError(
            testimonial.source_path, "Video", f'"{testimonial.video_source.name}" {error}'
        ) from None


def rating_summary(testimonials: list[Testimonial]) -> dict:
    """Count, average and 5-to-1 histogram of the ratings of the testimonials given (public ones)."""
    ratings = [t.rating for t in testimonials if t.rating is not None]
    histogram = [(stars, ratings.count(stars)) for stars in range(5, 0, -1)]
    return {
        "count": len(ratings),
        "testimonials": len(testimonials),
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "histogram": histogram,
        "largest": max((n for _, n in histogram), default=0),
    }


def build_testimonials(context: dict, settings: dict, readers: Readers):
    """``load_testimonials``, once per build, whichever part asks first."""
    return per_build(context, "testimonials", lambda: load_testimonials(settings, readers))
