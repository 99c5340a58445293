"""Shopwindow's settings: one dict of defaults, merged at the point of use and checked once.

The names are the ones in pelicanconf.py (see the README's settings table). The user's settings and
Pelican's DEFAULT_CONFIG are never mutated: ``shopwindow_settings(settings)`` returns a new dict.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("en", "ru", "ro")

# Stages of a job: (key, labels). The key is what staff write in log headings (a label works too).
WORKSHOP_STAGES = (
    ("received", {"en": "Received", "ru": "Принят", "ro": "Primit"}),
    ("diagnosis", {"en": "Diagnosis", "ru": "Диагностика", "ro": "Diagnoză"}),
    ("parts", {"en": "Parts", "ru": "Запчасти", "ro": "Piese"}),
    ("repair", {"en": "Repair", "ru": "Ремонт", "ro": "Reparație"}),
    ("paint", {"en": "Paint", "ru": "Покраска", "ro": "Vopsire"}),
    (
        "quality-check",
        {"en": "Quality check", "ru": "Проверка качества", "ro": "Control de calitate"},
    ),
    ("ready", {"en": "Ready", "ru": "Готов", "ro": "Gata"}),
    ("collected", {"en": "Collected", "ru": "Выдан", "ro": "Ridicat"}),
)
# For a maker or a factory: set JOB_STAGES = MAKER_STAGES in pelicanconf.py.
MAKER_STAGES = (
    ("received", {"en": "Order received", "ru": "Заказ принят", "ro": "Comandă primită"}),
    ("in-production", {"en": "In production", "ru": "В производстве", "ro": "În producție"}),
    ("nearly-done", {"en": "Nearly done", "ru": "Почти готово", "ro": "Aproape gata"}),
    (
        "packed",
        {"en": "Packed (with photo)", "ru": "Упакован (с фото)", "ro": "Ambalat (cu fotografie)"},
    ),
    ("shipped", {"en": "Shipped", "ru": "Отправлен", "ro": "Expediat"}),
    ("delivered", {"en": "Delivered", "ru": "Доставлен", "ro": "Livrat"}),
    (
        "follow-up",
        {"en": "Follow-up call", "ru": "Звонок после доставки", "ro": "Apel de follow-up"},
    ),
)
# Tracking links: carrier key -> URL template with {number}.
CARRIERS = {
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "posta-moldovei": "https://www.posta.md/ro/tracking?id={number}",
    "nova-poshta": "https://novaposhta.ua/en/tracking/?cargo_number={number}",
}

DEFAULTS: dict[str, Any] = {
    "BUSINESS": {"name": "Shopwindow", "address": "", "phone": "", "email": "", "url": ""},
    "DEFAULT_LANG": "en",
    "TESTIMONIALS_PATH": "testimonials",
    "CASES_PATH": "cases",
    "TESTIMONIALS_FEATURED": 3,
    "PHOTO_WIDTHS": (480, 960, 1600),
    "PHOTO_QUALITY": 82,
    "PHOTO_MAX_PIXELS": 64_000_000,
    "SHARE_IMAGE_FONT": "",
    "JOBS_PATH": "jobs",
    "SECRET_PATH": "",
    "ACCESS_KDF_ITERATIONS": 600_000,
    "JOB_STAGES": WORKSHOP_STAGES,
    "JOB_RETENTION_DAYS": 90,
    "CARRIERS": CARRIERS,
    "REVIEW_URL": "",
    "FEEDBACK_URL": "",
    "CAMERAS": {},
    "CAMERA_KEEP_EVERY": 10,
    "LIVE_POLL_SECONDS": 20,
}

# Below DESIGN.md's floor of 600,000 PBKDF2 iterations only when this is set in the environment: the
# test suite sets it for speed; publishconf.py refuses to build with it.
WEAK_KDF_VARIABLE = "SHOPWINDOW_ALLOW_WEAK_KDF"
MIN_KDF_ITERATIONS = 600_000

_BUSINESS_KEYS = {"name", "address", "phone", "email", "url"}


class SettingsError(ValueError):
    """A setting has a value Shopwindow cannot use; the message names the setting."""


def shopwindow_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Return Shopwindow's settings: DEFAULTS overlaid with the user's, checked."""
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    business = dict(DEFAULTS["BUSINESS"])
    business.update(merged["BUSINESS"] or {})
    merged["BUSINESS"] = business
    _check(merged)
    merged["PHOTO_WIDTHS"] = tuple(sorted(set(merged["PHOTO_WIDTHS"])))
    merged["CACHE_PATH"] = os.path.join(settings.get("CACHE_PATH", "cache"), "shopwindow")
    merged["JOBS_ROOT"] = os.path.join(settings.get("PATH", "content"), merged["JOBS_PATH"])
    return merged


def _check(merged: dict[str, Any]) -> None:
    unknown = set(merged["BUSINESS"]) - _BUSINESS_KEYS
    if unknown:
        raise SettingsError(
            f"BUSINESS: unknown key {sorted(unknown)[0]!r}; the keys are {', '.join(sorted(_BUSINESS_KEYS))}"
        )
    if merged["DEFAULT_LANG"] not in LANGUAGES:
        raise SettingsError(
            f"DEFAULT_LANG: {merged['DEFAULT_LANG']!r} is not one of {', '.join(LANGUAGES)}"
        )
    widths = merged["PHOTO_WIDTHS"]
    if (
        not isinstance(widths, list | tuple)
        or not widths
        or not all(isinstance(w, int) and 16 <= w <= 8192 for w in widths)
    ):
        raise SettingsError("PHOTO_WIDTHS: give a list of widths in pixels, each from 16 to 8192")
    quality = merged["PHOTO_QUALITY"]
    if not isinstance(quality, int) or not 1 <= quality <= 95:
        raise SettingsError(f"PHOTO_QUALITY: {quality!r} is not a whole number from 1 to 95")
    max_pixels = merged["PHOTO_MAX_PIXELS"]
    if not isinstance(max_pixels, int) or max_pixels < 1_000_000:
        raise SettingsError(f"PHOTO_MAX_PIXELS: {max_pixels!r} is below 1000000")
    stages = merged["JOB_STAGES"]
    if not stages or not all(
        isinstance(s, list | tuple)
        and len(s) == 2
        and isinstance(s[0], str)
        and isinstance(s[1], dict)
        and "en" in s[1]
        for s in stages
    ):
        raise SettingsError(
            'JOB_STAGES: give a list of (key, {"en": label, "ru": label, "ro": label})'
        )
    if not isinstance(merged["JOB_RETENTION_DAYS"], int) or merged["JOB_RETENTION_DAYS"] < 1:
        raise SettingsError(
            f"JOB_RETENTION_DAYS: {merged['JOB_RETENTION_DAYS']!r} is not a whole number of days >= 1"
        )
    for key, template in merged["CARRIERS"].items():
        if "{number}" not in str(template) or not str(template).startswith("https://"):
            raise SettingsError(f"CARRIERS: {key!r} needs an https:// URL with {{number}} in it")
    if not isinstance(merged["CAMERAS"], dict) or not all(
        isinstance(k, str) and isinstance(v, str | os.PathLike)
        for k, v in merged["CAMERAS"].items()
    ):
        raise SettingsError(
            'CAMERAS: give a dict of bay -> folder, e.g. {"booth-1": "/srv/cameras/booth-1"}'
        )
    for name in ("CAMERA_KEEP_EVERY", "LIVE_POLL_SECONDS"):
        if not isinstance(merged[name], int) or not 1 <= merged[name] <= 1440:
            raise SettingsError(f"{name}: {merged[name]!r} is not a whole number from 1 to 1440")
    iterations = merged["ACCESS_KDF_ITERATIONS"]
    floor = 1_000 if os.environ.get(WEAK_KDF_VARIABLE) == "1" else MIN_KDF_ITERATIONS
    if not isinstance(iterations, int) or not floor <= iterations <= 10_000_000:
        raise SettingsError(
            f"ACCESS_KDF_ITERATIONS: {iterations!r} is below {floor} or not a whole number; "
            f"private pages need at least {MIN_KDF_ITERATIONS} PBKDF2 iterations"
        )
    featured = merged["TESTIMONIALS_FEATURED"]
    if not isinstance(featured, int) or featured < 0:
        raise SettingsError(f"TESTIMONIALS_FEATURED: {featured!r} is not a whole number >= 0")
