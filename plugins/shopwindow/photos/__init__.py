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
from .video import (
    VIDEO_SUFFIXES,
    ProcessedClip,
    VideoError,
    VideoSettings,
    check_clip,
    process_clip,
)

__all__ = [
    "PHOTO_SUFFIXES",
    "VIDEO_SUFFIXES",
    "PhotoCache",
    "PhotoError",
    "PhotoSettings",
    "ProcessedClip",
    "ProcessedPhoto",
    "Rendition",
    "VideoError",
    "VideoSettings",
    "check_clip",
    "check_photo",
    "process_clip",
    "process_photo",
]
