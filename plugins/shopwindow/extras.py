"""The optional parts of Shopwindow and the packages they need: ``pip install 'shopwindow[video]'`` for
clips and the timelapse (PyAV), ``shopwindow[messages]`` for messages to customers and the calendar of
calls (Apprise, icalendar), ``shopwindow[staff]`` for the staff page (Starlette, uvicorn,
python-multipart). A site that uses neither needs neither; one that uses a feature without its
extra is told, in one line, which extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import ShopwindowError

EXTRAS = {
    "av": ("video", "clips and the timelapse"),
    "apprise": ("messages", "messages to customers"),
    "icalendar": ("messages", "the calendar of follow-up calls"),
    "starlette": ("staff", "the staff page"),
    "uvicorn": ("staff", "the staff page"),
    "multipart": ("staff", "the staff page's forms"),
}


class MissingExtraError(ShopwindowError, ImportError):
    """A feature is used without the optional package it needs; the message says how to install it."""


def need(module: str) -> ModuleType:
    """``module`` imported, or MissingExtraError naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        extra, feature = EXTRAS[module]
        raise MissingExtraError(
            f"{feature} need {module}, which is not installed: pip install 'shopwindow[{extra}]'"
        ) from None
