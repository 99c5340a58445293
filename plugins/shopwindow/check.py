"""``shopwindow check``: the content rules, and the privacy scan of the output.

The content rules are the generators' own (each model's loader reports its errors). The scan
(``privacy_scan.py``) is given everything private this site holds, read here from the same models the
generators use (``is_public`` decides, never a copy of the rule):

- text: testimonials and reports that are not public (and files that do not even load), every private
  page and article (its fields and text), every job (its customer's fields, its notes, its ID), the file
  names in job folders and beside private pages, the EXIF text of private photos;
- files: everything in job folders and camera folders, every file a private page shows or links,
  the photos of testimonials and reports that are not public;
- and what is public, so that a private string that public pages also say proves nothing: public
  content, the theme, the settings, and the names of months and days in the site's languages.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from pelican.readers import Readers
from PIL import Image

from .access.attachments import FRAME_ATTRIBUTE, FRAMES_ATTRIBUTE
from .access.format import AccessError, derive, open_sealed
from .access.photo_cache import SealedPhotoCache
from .access.private_cache import parsed_jobs
from .access.sealer import VIEW_FILE
from .access.secret import load_secret
from .assets import PACKAGE_STATIC
from .cases.model import Case, case_files, load_cases
from .guard import in_private_folder, private_roots
from .i18n import PACKAGE_TRANSLATIONS
from .jobs.log import sections
from .jobs.model import (
    JOB_FILE,
    NOT_UPDATES,
    Job,
    JobIdError,
    check_job_id,
    heading_flag,
    jobs_root,
    load_jobs,
    read_job_header,
)
from .markup import tags_in
from .photos import (
    PHOTO_SUFFIXES,
    PhotoError,
    PhotoSettings,
    VideoError,
    VideoSettings,
    process_clip,
    process_photo,
)
from .photos.video import metadata_in
from .privacy_scan import PrivacyScan, PrivateFile, PrivateString
from .private.items import PrivateItem, load_private_items
from .private.job_pages import unanswerable
from .private.pages import linked_files
from .rendering import PACKAGE_TEMPLATES
from .sanitise import plain_text
from .settings import LANGUAGES, URL_KEYS, Business, ShopwindowSettings, shopwindow_settings
from .sources import ContentError, read_markdown, shown_path
from .testimonials.model import Testimonial, load_testimonials, testimonial_files

TEXT_SOURCE_SUFFIXES = {
    ".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm", ".txt", ".json", ".yml",
    ".yaml", ".xml", ".css", ".js", ".svg", ".po", ".py",
}  # fmt: skip
# Fields of a private page that say how Pelican treats it, not what it says.
PAGE_RUNNING_FIELDS = {"access", "status", "date", "modified", "lang", "template", "save_as", "url"}


@dataclass
class Loaded:
    """The site's content, read once for the rules and for the scan."""

    testimonials: list[Testimonial]
    cases: list[Case]
    jobs: list[Job]
    items: list[PrivateItem]
    problems: list[str]
    derived: dict = field(default_factory=dict)  # what the check works out of them once (keys)


def load(settings: dict) -> Loaded:
    readers = Readers(settings)
    testimonials, testimonial_problems = load_testimonials(settings, readers)
    cases, case_problems = load_cases(settings, readers)
    jobs, job_problems = load_jobs(settings, readers, parsed_jobs(settings))
    items, item_problems = load_private_items(settings, readers)
    problems = [str(p) for p in testimonial_problems + case_problems + job_problems]
    problems += [line for job in jobs for line in job.problems]
    sw = shopwindow_settings(settings)
    problems += [why for job in jobs if (why := unanswerable(job, sw))]
    problems += _job_media_problems(settings, jobs)
    problems += [f"{p}; left out, published nowhere" for p in item_problems]
    problems += _access_problems(settings, readers, items, {job.id for job in jobs})
    problems += _static_path_problems(settings)
    return Loaded(testimonials, cases, jobs, items, problems)


def content_problems(settings: dict) -> list[str]:
    """Every content error the generators would log, one line each."""
    return load(settings).problems


def _job_media_problems(settings: dict, jobs: list[Job]) -> list[str]:
    """Every job photo through the pipeline and every clip through the transcoder (from the cache
    after a build): one line per bad file, and per clip that would be published with metadata."""
    sw = shopwindow_settings(settings)
    photo_settings = PhotoSettings.from_settings(sw)
    video_settings = VideoSettings.from_settings(sw)
    cache = SealedPhotoCache(sw.cache_path, load_secret(settings))
    problems = []
    for job in jobs:
        for photo in job.photos:
            try:
                process_photo(photo.path, photo_settings, cache)
            except PhotoError as error:
                problems.append(f'{job.path}: image "{photo.path.name}" {error}')
        for clip in (clip for update in job.updates for clip in update.clips):
            try:
                published = process_clip(clip.path, video_settings, photo_settings, cache)
            except (VideoError, PhotoError) as error:
                problems.append(f'{job.path}: clip "{clip.path.name}" {error}')
                continue
            for what in metadata_in(published.read_bytes()):
                problems.append(f'{job.path}: clip "{clip.path.name}" as published carries {what}')
    return problems


def _access_problems(settings, readers, items: list[PrivateItem], jobs: set[str]) -> list[str]:
    """Pages sealed under a job that cannot be read: published nowhere, and a content error."""
    problems = []
    for item in items:
        if item.job_id in jobs:
            continue
        try:
            read_job_header(settings, check_job_id(item.job_id), readers)
        except (ContentError, JobIdError) as error:
            problems.append(
                f"{item.source.shown_path}: Access {error}; left out, published nowhere"
            )
    return problems


def _static_path_problems(settings: dict) -> list[str]:
    """A static folder that is, holds or reaches (through a link, as Pelican follows them) a private
    folder or file: its files would be copied as they are."""
    roots = private_roots(settings)
    problems = []
    for static in settings.get("STATIC_PATHS", []):
        folder = os.path.realpath(os.path.join(settings["PATH"], static)) + os.sep
        if any(root.startswith(folder) or folder.startswith(root) for root in roots):
            problems.append(
                f'STATIC_PATHS: "{static}" reaches into a private folder; its files would be published as they are'
            )
            continue
        for place, subfolders, names in os.walk(folder, followlinks=True):
            for name in [*names, *subfolders]:
                path = os.path.join(place, name)
                if os.path.islink(path) and in_private_folder(path, roots):
                    problems.append(
                        f"{shown_path(path)}: a link into a private folder"
                        f" ({shown_path(os.path.realpath(path))}); its files would be published as"
                        " they are. Remove the link"
                    )
            subfolders[:] = [
                d for d in subfolders if not in_private_folder(os.path.join(place, d), roots)
            ]
    return problems


# ---------------------------------------------------------------------- what is private
def private_material(
    settings: dict, loaded: Loaded
) -> tuple[list[PrivateString], list[PrivateFile]]:
    """Every string and file no public byte may hold: of proof that is not public, of private pages
    and articles, of jobs and of camera frames."""
    material = _PrivateMaterial(settings)
    material.proof(loaded)
    material.private_items(loaded)
    material.jobs(loaded)
    material.camera_frames()
    return material.strings, material.files


class _PrivateMaterial:
    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.sw = shopwindow_settings(settings)
        self.strings: list[PrivateString] = []
        self.files: list[PrivateFile] = []

    def file(self, path: Path, origin: str) -> None:
        """A private file: its bytes, its name and, for a photo, the texts in its metadata."""
        self.files.append(PrivateFile(origin, path))
        self.strings.extend(_name_strings(path, origin))
        if path.suffix.lower() in PHOTO_SUFFIXES:
            self.strings.extend(PrivateString(origin, text) for text in _exif_texts(path))

    def proof(self, loaded: Loaded) -> None:
        """Testimonials and reports that are not public, including files that do not load at all,
        and every file beside them that no public one shows."""
        sw, strings = self.sw, self.strings
        proof = [(t, t.author) for t in loaded.testimonials] + [(c, c.client) for c in loaded.cases]
        for item, person in proof:
            if not item.is_public:
                strings += [PrivateString(item.source_path, item.text, long=True)]
                strings += [PrivateString(item.source_path, text) for text in (person, item.title)]
                strings += _name_parts(person, item.source_path)
        public = {item.source_path for item, _ in proof if item.is_public}
        public_photos = {
            path
            for t in loaded.testimonials
            if t.is_public
            for path in (t.photo_source, t.video_source, t.captions_source)
        }
        public_photos |= {p for c in loaded.cases if c.is_public for p in c.photos}
        loaded_paths = {item.source_path for item, _ in proof}
        for path in testimonial_files(self.settings, sw.testimonials_path) + case_files(
            self.settings
        ):
            shown = shown_path(path)
            if shown in public:
                continue
            if shown not in loaded_paths:  # a file with a content error: published nowhere
                strings.append(
                    PrivateString(shown, Path(path).read_text(errors="replace"), long=True)
                )
            strings.extend(_name_strings(Path(path), shown))
        content = self.settings["PATH"]
        for folder in {Path(content, sw.testimonials_path), Path(content, sw.cases_path)}:
            if folder.is_dir():
                for path in folder.rglob("*"):
                    if (
                        path.is_file()
                        and path.suffix.lower() != ".md"
                        and path not in public_photos
                    ):
                        self.file(path, shown_path(str(path)))

    def private_items(self, loaded: Loaded) -> None:
        """Private pages and articles: every field but Pelican's own, the text, the files they use."""
        for item in loaded.items:
            origin = item.source.shown_path
            for key, value in item.source.fields.items():
                if key in PAGE_RUNNING_FIELDS:
                    continue
                for text in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(text, str) or type(text).__name__ in (
                        "Category",
                        "Tag",
                        "Author",
                    ):
                        self.strings.append(PrivateString(origin, str(text)))
            self.strings.append(PrivateString(origin, plain_text(item.source.body_html), long=True))
            self.strings.extend(_name_strings(Path(item.source.path), origin))
            for path in linked_files(item, self.settings):
                self.file(path, shown_path(str(path)))

    def jobs(self, loaded: Loaded) -> None:
        """Jobs: the customer's fields, the notes, the ID, every file in the folder."""
        loaded_jobs = {job.id: job for job in loaded.jobs}
        root = jobs_root(self.settings)
        for folder in sorted(root.iterdir()) if root.is_dir() else []:
            if not folder.is_dir():
                continue
            origin = shown_path(str(folder / JOB_FILE))
            self.strings.append(PrivateString(origin, folder.name, always=True))
            job = loaded_jobs.get(folder.name)
            if job is None and (folder / JOB_FILE).is_file():
                text = (folder / JOB_FILE).read_text(errors="replace")
                self.strings.append(PrivateString(origin, text, long=True))
            elif job is not None:
                self.strings += _job_strings(job)
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    self.file(path, shown_path(str(path)))

    def camera_frames(self) -> None:
        """Camera frames: private whether or not a job stood in the bay (compared by their bytes)."""
        for folder in self.sw.cameras.values():
            if Path(folder).is_dir():
                self.files += [
                    PrivateFile(shown_path(str(p)), p)
                    for p in Path(folder).iterdir()
                    if p.is_file()
                ]


def _job_strings(job: Job) -> list[PrivateString]:
    """Everything a job's file says that is not on its sealed page alone: the customer's fields, the
    updates' notes and photos' words, found work (each item's name and note), the ``[staff]`` notes
    and the ``[quote]`` and ``[answer]`` sections as written (an answer pasted from a message)."""
    strings = [
        PrivateString(job.path, value, always=key in ("phone", "tracking"), phone=key == "phone")
        for key, value in job.personal
    ]
    strings += _name_parts(job.customer, job.path)
    strings += [PrivateString(job.path, plain_text(u.note_html), long=True) for u in job.updates]
    strings += [PrivateString(job.path, photo.alt) for u in job.updates for photo in u.photos]
    for quote in job.quotes:
        for item in quote.items:
            strings += [PrivateString(job.path, item.name), PrivateString(job.path, item.note)]
    for note in job.staff_notes:
        strings += [
            PrivateString(job.path, note.subject),
            PrivateString(job.path, note.text, long=True),
        ]
    try:
        _, log = read_markdown(job.folder / JOB_FILE)
    except (OSError, ContentError):
        return strings
    for section in sections(log):
        if heading_flag(section.heading)[1] in NOT_UPDATES:
            strings.append(PrivateString(job.path, section.markdown, long=True))
        if section.device:  # the staff page's phone that made it: staff's only
            strings.append(PrivateString(job.path, section.device))
    return strings


def _name_parts(name: str, origin: str) -> list[PrivateString]:
    """A person's name, word by word: a first name or a surname alone names them too."""
    return [PrivateString(origin, word) for word in name.split()]


def _name_strings(path: Path, origin: str) -> list[PrivateString]:
    return [PrivateString(origin, path.name), PrivateString(origin, path.stem)]


def _exif_texts(path: Path) -> list[str]:
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            values = list(exif.values()) + list(exif.get_ifd(0x8769).values())
    except Exception:
        return []
    return [v.strip("\x00 ") for v in values if isinstance(v, str)]


# ---------------------------------------------------------------------- what is public
def public_texts(settings: dict, loaded: Loaded) -> Iterator[str]:
    """The text of everything the site publishes on purpose."""
    private = {Path(item.source.path).resolve() for item in loaded.items}
    private |= {p for item in loaded.items for p in linked_files(item, settings)}
    roots = [r.rstrip(os.sep) for r in private_roots(settings)]
    for folder, subfolders, names in os.walk(settings["PATH"]):
        subfolders[:] = [
            d for d in subfolders if os.path.realpath(os.path.join(folder, d)) not in roots
        ]
        for name in names:
            path = Path(folder, name)
            if path.suffix.lower() in TEXT_SOURCE_SUFFIXES and path.resolve() not in private:
                yield path.read_text(errors="replace")
    for t in loaded.testimonials:
        if t.is_public:
            yield from (t.author, t.title, t.text, *t.services)
    for c in loaded.cases:
        if c.is_public:
            yield from (c.title, c.client, c.text, *c.services)
    # The theme and Shopwindow's own templates, scripts and translations: the words of every page.
    for folder in (Path(settings.get("THEME", "")), PACKAGE_TEMPLATES, PACKAGE_STATIC,
                   PACKAGE_TRANSLATIONS):  # fmt: skip
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file() and path.suffix.lower() in TEXT_SOURCE_SUFFIXES:
                    yield path.read_text(errors="replace")
    yield "\n".join(_strings_in(settings))
    yield "\n".join(_strings_in(shopwindow_settings(settings)))
    yield "\n".join(_calendar_words(settings))


def _strings_in(value, depth: int = 0) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, ShopwindowSettings | Business):
        yield from _strings_in(dataclasses.asdict(value), depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key, depth + 1)
            yield from _strings_in(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings_in(item, depth + 1)


def _calendar_words(settings: dict) -> Iterator[str]:
    """Names of months and days: dates in the output spell them (a customer may be called June)."""
    for lang in {*LANGUAGES, shopwindow_settings(settings).lang}:
        locale = Locale.parse(lang)
        for names in (locale.months, locale.days):
            for context in names.values():
                for width in context.values():
                    yield from width.values()


# ---------------------------------------------------------------------- the check
def privacy_scan(settings: dict, loaded: Loaded) -> PrivacyScan:
    strings, files = private_material(settings, loaded)
    sw = shopwindow_settings(settings)
    own = tuple(getattr(sw, key) for key in URL_KEYS)  # the folders whose images Shopwindow writes
    return PrivacyScan(
        strings,
        files,
        public_texts(settings, loaded),
        private_folder=sw.jobs_url,
        own_folders=own,
        sealed_keys=sealed_keys(settings, loaded),
    )


def job_keys(settings: dict, loaded: Loaded) -> list[tuple[Job, object]]:
    """Each loaded job with its keys (``format.JobKeys``), derived once per check."""
    if "keys" not in loaded.derived:
        secret = load_secret(settings) if loaded.jobs else b""
        loaded.derived["keys"] = [
            (job, derive(secret, job.id, job.code_version)) for job in loaded.jobs
        ]
    return loaded.derived["keys"]


def sealed_keys(settings: dict, loaded: Loaded) -> dict[str, bytes]:
    """Each job's folder below the private folder, and the key its files are sealed with: the scan
    opens every sealed file rather than trust its name."""
    return {keys.slug: keys.content_key for _, keys in job_keys(settings, loaded)}


def run_check(settings: dict, output: Path, notes: list[str] | None = None) -> list[str]:
    """All problems: content errors first, then what the privacy scan of the output found. What it
    found harmless but worth saying (a theme's PNG text chunk) is added to ``notes``."""
    loaded = load(settings)
    problems = list(loaded.problems)
    if not output.is_dir():
        problems.append(f"{output}: no such output folder; build the site first")
        return problems
    scan = privacy_scan(settings, loaded)
    problems += scan.scan(output)
    problems += frames_in_two_jobs(settings, loaded, output)
    if notes is not None:
        notes += scan.notes
    return problems


# ---------------------------------------------------------------------- one job per frame
def frames_in_two_jobs(settings: dict, loaded: Loaded, output: Path) -> list[str]:
    """A camera frame sealed into two jobs' pages shows one customer the other's car: each is a
    problem. Read from the output itself (each job's view, opened with the site secret), so whatever
    sealed it, the build or the watcher, is checked the same way."""
    sw = shopwindow_settings(settings)
    if not sw.cameras or not loaded.jobs:
        return []
    shown: dict[str, list[tuple[Job, str]]] = {}  # frame label -> (job, sealed view) showing it
    for job, keys in job_keys(settings, loaded):
        path = output / sw.private_root / keys.slug / VIEW_FILE
        try:
            view = open_sealed(keys.content_key, keys.slug, VIEW_FILE, path.read_bytes())
        except (OSError, AccessError):
            continue  # no page (yet, or expired): nothing shown
        labels = set()
        for _, attributes in tags_in(view.decode("utf-8"), "img", "video"):
            if FRAME_ATTRIBUTE in attributes:
                labels.add(attributes[FRAME_ATTRIBUTE])
            if FRAMES_ATTRIBUTE in attributes:
                labels.update(json.loads(attributes[FRAMES_ATTRIBUTE]))
        for label in labels:
            shown.setdefault(label, []).append((job, shown_path(str(path))))
    problems = []
    for label, jobs in sorted(shown.items()):
        if len(jobs) > 1:
            bay, _, when = label.partition("@")
            names = " and ".join(f"{job.path} ({view})" for job, view in jobs)
            problems.append(
                f"the camera frame of {bay} taken at {when} is sealed into {len(jobs)} jobs: {names};"
                " one bay holds one job at a time"
            )
    return problems
