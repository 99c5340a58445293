"""``shopwindow check``: the content rules, and a scan of the output for anything that must not be there.

The scan is deliberately dumb and thorough: it reads every byte of every file in the output folder
(decompressing ``.gz`` copies), folds white space and HTML entities, and looks for any run of words from
text that is not public. It also opens every published image and fails on EXIF, XMP or GPS data.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import Readers
from PIL import Image

from .access.items import load_private_items
from .cases.model import case_files, load_cases
from .config import shopwindow_settings
from .content import ContentError, Source, read_source, shown_path, tags_in
from .jobs.model import JobIdError, check_job_id, load_jobs, read_job_header
from .photos import PhotoError, PhotoSettings, process_photo
from .sanitise import plain_text
from .site.guard import private_roots
from .testimonials.model import load_testimonials

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif"}
METADATA_MARKERS = {
    b"Exif\x00\x00": "an EXIF block",
    b"<x:xmpmeta": "an XMP packet",
    b"http://ns.adobe.com/xap/1.0/": "an XMP packet",
    b"<?xpacket": "an XMP packet",
}
WINDOW_WORDS = 6


@dataclass(frozen=True)
class PrivateText:
    origin: str  # the content file it comes from
    text: str


def content_problems(settings: dict) -> list[str]:
    """Every content error the generators would log, one line each."""
    readers = Readers(settings)
    problems = [str(p) for p in load_testimonials(settings, readers)[1]]
    problems += [str(p) for p in load_cases(settings, readers)[1]]
    jobs, job_problems = load_jobs(settings, readers)
    problems += [str(p) for p in job_problems] + [line for job in jobs for line in job.problems]
    problems += _job_photo_problems(settings, jobs)
    problems += _access_problems(settings, readers)
    problems += _static_path_problems(settings)
    return problems


def _job_photo_problems(settings: dict, jobs) -> list[str]:
    """Every job photo through the pipeline (from the cache after a build): one line per bad file."""
    sw = shopwindow_settings(settings)
    photo_settings = PhotoSettings.from_settings(sw)
    problems = []
    for job in jobs:
        for photo in job.photos:
            try:
                process_photo(photo.path, photo_settings, sw["CACHE_PATH"])
            except PhotoError as error:
                problems.append(f'{job.path}: image "{photo.path.name}" {error}')
    return problems


def _access_problems(settings: dict, readers: Readers) -> list[str]:
    """Pages sealed under a job that cannot be read: published nowhere, and a content error."""
    problems = []
    for source in private_sources(settings, readers):
        job_id = str(source.fields.get("access", "")).strip()
        try:
            read_job_header(settings, check_job_id(job_id), readers)
        except (ContentError, JobIdError) as error:
            problems.append(f"{source.shown_path}: Access {error}; left out, published nowhere")
    return problems


def _static_path_problems(settings: dict) -> list[str]:
    roots = private_roots(settings)
    problems = []
    for static in settings.get("STATIC_PATHS", []):
        folder = os.path.abspath(os.path.join(settings["PATH"], static)) + os.sep
        if any(root.startswith(folder) or folder.startswith(root) for root in roots):
            problems.append(
                f'STATIC_PATHS: "{static}" reaches into a private folder; its files would be published as they are'
            )
    return problems


def private_case_sources(settings: dict, readers: Readers) -> list[Source]:
    """Every case report that is not public (draft, private, or published without consent)."""
    found = []
    for path in case_files(settings):
        try:
            source = read_source(readers, settings["PATH"], path)
        except ContentError:
            continue
        status = str(source.fields.get("status", "")).strip().lower()
        if status != "published" or not source.fields.get("consent"):
            found.append(source)
    return found


def _case_photos(source: Source) -> list[Path]:
    names = [str(source.fields.get(k, "")).strip() for k in ("before", "after")]
    gallery = source.fields.get("gallery", "")
    names += [
        n.strip() for n in (gallery if isinstance(gallery, list) else str(gallery).split(","))
    ]
    base = Path(source.path).parent
    return [base / n for n in names if n and (base / n).is_file()]


def private_texts(settings: dict) -> list[PrivateText]:
    """Texts that no output file may contain: testimonials that are not public, every value and the
    body of private pages, everything in job folders (text, file names, photos' EXIF text)."""
    readers = Readers(settings)
    testimonials, _ = load_testimonials(settings, readers)
    found = [PrivateText(t.source_path, t.text) for t in testimonials if not t.is_public]
    for source in private_sources(settings, readers) + private_case_sources(settings, readers):
        found += [
            PrivateText(source.shown_path, str(v)) for v in source.fields.values() if _is_text(v)
        ]
        found.append(PrivateText(source.shown_path, plain_text(source.body_html)))
        for image in _local_images(source) + _case_photos(source):
            found += _file_texts_private(image, source.shown_path)
    jobs_root = Path(shopwindow_settings(settings)["JOBS_ROOT"])
    if jobs_root.is_dir():
        for path in sorted(p for p in jobs_root.rglob("*") if p.is_file()):
            found += _file_texts_private(path, shown_path(str(path)))
    # Bare dates and numbers say nothing about anyone and appear in public pages too.
    return [
        t for t in found if t.text.strip() and not re.fullmatch(r"[\d\s:.,/+-]+", t.text.strip())
    ]


def private_byte_samples(settings: dict) -> list[tuple[str, bytes]]:
    """Runs of bytes from every binary file in job folders and beside private pages."""
    files = []
    jobs_root = Path(shopwindow_settings(settings)["JOBS_ROOT"])
    if jobs_root.is_dir():
        files += [p for p in jobs_root.rglob("*") if p.is_file() and p.suffix.lower() != ".md"]
    readers = Readers(settings)
    for source in private_sources(settings, readers):
        files += _local_images(source)
    for source in private_case_sources(settings, readers):
        files += _case_photos(source)
    samples = []
    for path in files:
        data = path.read_bytes()
        if len(data) >= 256:
            for fraction in (0.3, 0.5, 0.7):
                start = int(len(data) * fraction)
                samples.append((shown_path(str(path)), data[start : start + 48]))
    return samples


def _is_text(value) -> bool:
    return isinstance(value, str) or type(value).__name__ in ("Author", "Category", "Tag")


def private_sources(settings: dict, readers: Readers) -> list[Source]:
    return [item.source for item in load_private_items(settings, readers)[0]]


def _local_images(source: Source) -> list[Path]:
    base = Path(source.path).parent
    images = []
    for attributes in tags_in(source.body_html, "img"):
        image = (base / attributes.get("src", "")).resolve()
        if image.is_file():
            images.append(image)
    return images


def _file_texts_private(path: Path, origin: str) -> list[PrivateText]:
    """A private file's name, its text if it is text, and the text values of its EXIF."""
    found = [PrivateText(origin, path.name)]
    if path.suffix.lower() in (".md", ".txt"):
        found.append(PrivateText(origin, path.read_text(encoding="utf-8", errors="replace")))
        return found
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            values = list(exif.values()) + list(exif.get_ifd(0x8769).values())
    except Exception:
        return found
    found += [PrivateText(origin, v.strip("\x00 ")) for v in values if isinstance(v, str)]
    return found


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _windows(text: str) -> set[str]:
    words = _fold(text).split(" ")
    if len(words) <= WINDOW_WORDS:
        return {" ".join(words)} if words and len(" ".join(words)) >= 8 else set()
    return {" ".join(words[i : i + WINDOW_WORDS]) for i in range(len(words) - WINDOW_WORDS + 1)}


def _file_texts(path: Path) -> list[tuple[str, bytes]]:
    """(label, bytes) for the file and, for a .gz copy, what it decompresses to."""
    data = path.read_bytes()
    found = [(str(path), data)]
    if path.suffix == ".gz":
        with contextlib.suppress(OSError, EOFError):
            found.append((f"{path} (decompressed)", gzip.decompress(data)))
    return found


def scan_output(
    output: Path, secrets: list[PrivateText], byte_samples: list[tuple[str, bytes]] = ()
) -> list[str]:
    problems = []
    windows = [(s, w) for s in secrets for w in _windows(s.text)]
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        for label, data in _file_texts(path):
            text = data.decode("utf-8", errors="ignore")
            folded = _fold(html.unescape(text))
            raw = _fold(text)
            for secret, window in windows:
                if window in folded or window in raw:
                    problems.append(
                        f"{label}: contains text of {secret.origin}, which is not public"
                    )
                    break
            for origin, sample in byte_samples:
                if sample in data:
                    problems.append(f"{label}: contains bytes of {origin}, which is private")
                    break
            if path.suffix.lower() in IMAGE_SUFFIXES:
                problems += _image_problems(label, data)
    return problems


def _image_problems(label: str, data: bytes) -> list[str]:
    problems = []
    for marker, what in METADATA_MARKERS.items():
        if marker in data:
            problems.append(f"{label}: carries {what}")
            break
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if len(exif):
                problems.append(f"{label}: carries EXIF data ({len(exif)} fields)")
            if exif.get_ifd(0x8825):
                problems.append(f"{label}: carries GPS data")
            if any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp")):
                problems.append(f"{label}: carries EXIF or XMP data")
    except Exception as error:
        problems.append(f"{label}: is not a readable image ({error})")
    return problems


def run_check(settings: dict, output: Path) -> list[str]:
    """All problems: content errors first, then what the output scan found."""
    problems = content_problems(settings)
    if not output.is_dir():
        problems.append(f"{output}: no such output folder; build the site first")
        return problems
    return problems + scan_output(output, private_texts(settings), private_byte_samples(settings))
