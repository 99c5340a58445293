"""Turn one source image into metadata-free renditions, cached by content hash and settings.

A source is processed once, ever, unless its bytes or the pipeline's settings change: the cache entry is
keyed by the SHA-256 of the source bytes plus ``PhotoSettings.fingerprint()`` (``cache.py`` keeps it).
Renditions are named by the SHA-256 of their own bytes, so a published file name never changes meaning
and never reveals the original name.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..errors import ShopwindowError

if TYPE_CHECKING:
    from ..settings import ShopwindowSettings
    from .cache import PhotoCache

pillow_heif.register_heif_opener()

# Raised when anything about the way renditions are made changes, so old cache entries are not reused.
PIPELINE_VERSION = 2
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
# File names taken for photos where a folder holds other files too (a job folder).
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"}
_SRGB = ImageCms.createProfile("sRGB")


class PhotoError(ShopwindowError):
    """A source image the pipeline refuses; the message says why in words, without the path."""


@dataclass(frozen=True)
class PhotoSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    quality: int = 82
    max_pixels: int = 64_000_000

    @classmethod
    def from_settings(cls, sw: ShopwindowSettings) -> PhotoSettings:
        return cls(tuple(sw.photo_widths), sw.photo_quality, sw.photo_max_pixels)

    def fingerprint(self) -> str:
        return f"v{PIPELINE_VERSION};w={','.join(map(str, self.widths))};q={self.quality}"


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    name: str  # content-hash file name, e.g. "3f2a...c1-960.jpg"
    path: Path  # the cached file, as its store keeps it
    cache: PhotoCache = field(compare=False, repr=False)

    def read_bytes(self) -> bytes:
        return self.cache.read(self.path)


@dataclass(frozen=True)
class ProcessedPhoto:
    source_digest: str
    renditions: tuple[Rendition, ...]  # narrowest first

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    def srcset(self, url_prefix: str) -> str:
        return ", ".join(f"{url_prefix}{r.name} {r.width}w" for r in self.renditions)


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise PhotoError("does not exist") from None
    except OSError as error:
        raise PhotoError(f"cannot be read ({error.strerror})") from None


def process_photo_fresh(
    source: Path | str, settings: PhotoSettings, cache: PhotoCache
) -> tuple[ProcessedPhoto, bool]:
    """``process_photo``, and whether it was processed now (False: it came from the cache)."""
    return process_photo_data(_read(Path(source)), settings, cache)


def process_photo_data(
    data: bytes, settings: PhotoSettings, cache: PhotoCache
) -> tuple[ProcessedPhoto, bool]:
    """``process_photo_fresh`` of a photo's bytes (a clip's poster frame)."""
    digest = hashlib.sha256(data).hexdigest()
    cached = cache.load(digest, settings)
    if cached is not None:
        return cached, False
    return cache.store(digest, settings, _render(data, settings)), True


def process_photo(source: Path | str, settings: PhotoSettings, cache: PhotoCache) -> ProcessedPhoto:
    """Return the renditions of ``source``, from the cache when it has them."""
    return process_photo_fresh(source, settings, cache)[0]


def check_photo(source: Path | str, settings: PhotoSettings) -> tuple[int, int]:
    """Open and fully decode ``source`` under the pipeline's rules; its (width, height) or PhotoError."""
    image = _open(_read(Path(source)), settings)
    _load(image)
    return image.size


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError(f"is broken or truncated ({error})") from None


def _render(data: bytes, settings: PhotoSettings) -> list[tuple[int, int, bytes]]:
    image = _open(data, settings)
    orientation = _orientation(image)
    if image.format == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale while the longer side still covers the widest
        # rendition (a portrait photo's widest rendition may then be a little under it).
        scale = min(1.0, settings.widths[-1] / max(image.size))
        image.draft("RGB", (int(image.width * scale) + 1, int(image.height * scale) + 1))
    _load(image)
    if orientation != 1:
        with contextlib.suppress(Exception):
            image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    width, height = image.size
    widths = sorted({w for w in settings.widths if w < width} | {min(width, settings.widths[-1])})
    renditions = []
    for w in widths:
        h = max(1, round(height * w / width))
        resized = image if (w, h) == image.size else image.resize((w, h), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        resized.save(
            out,
            "JPEG",
            quality=settings.quality,
            optimize=True,
            progressive=True,
            exif=b"",
            icc_profile=None,
        )
        renditions.append((w, h, out.getvalue()))
    return renditions


def _open(data: bytes, settings: PhotoSettings) -> Image.Image:
    if not data:
        raise PhotoError("is empty (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise PhotoError(f"is over the limit of {settings.max_pixels} pixels") from None
    except UnidentifiedImageError:
        raise PhotoError("is not an image this site reads (JPEG, PNG, WebP, HEIC)") from None
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoError(f"is a {image.format} image; this site reads JPEG, PNG, WebP and HEIC")
    if image.width * image.height > settings.max_pixels:
        raise PhotoError(
            f"is {image.width}x{image.height} pixels, over the limit of {settings.max_pixels}"
        )
    if getattr(image, "n_frames", 1) > 1 and image.format not in ("MPO", "HEIF"):
        raise PhotoError("is animated; use a still image")
    return image


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
        return value if value in range(1, 9) else 1
    except Exception:
        return 1


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to 8-bit sRGB without alpha (flattened on white), ready for JPEG."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            image = image.convert("RGB")
    if image.mode != "RGB":
        image = image.convert("RGB")
    # Nothing of the source's info (EXIF, XMP, ICC, comments) may reach the encoder.
    image.info = {}
    return image
