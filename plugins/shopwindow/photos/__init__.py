"""The one image pipeline: decode, orient, convert to sRGB, resize, encode, drop metadata, cache.

Not a Pelican plugin of its own: testimonials, cases, jobs and cameras call ``process_photo``.
"""

from .cache import PhotoCache
from .pipeline import (
    PHOTO_SUFFIXES,
    PhotoError,
    PhotoSettings,
    ProcessedPhoto,
    Rendition,
    check_photo,
    process_photo,
)

__all__ = [
    "PHOTO_SUFFIXES",
    "PhotoCache",
    "PhotoError",
    "PhotoSettings",
    "ProcessedPhoto",
    "Rendition",
    "check_photo",
    "process_photo",
]
