"""Shopwindow's settings: one dict in the site's settings, ``SHOPWINDOW = {...}``, like pelican-sitemap's
``SITEMAP``. Defaults are in ``DEFAULTS``; ``shopwindow_settings(settings)`` merges them with the site's at
the point of use and checks the result, with a message naming the key. The user's settings and Pelican's
``DEFAULT_CONFIG`` are never changed. Secrets never live here: they come from the environment.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlparse

from .site_folder import shopwindow_folder, site_path

LANGUAGES = (
    "en",
    "ru",
    "ro",
)  # the languages of Shopwindow's own pages; any other builds in English
SETTING = "SHOPWINDOW"
# Jinja's i18n extension as JINJA_ENVIRONMENT's environment lists it: a site that enables it gets
# Shopwindow's translations and filters in its own templates too.
I18N_EXTENSION = "jinja2.ext.InternationalizationExtension"

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
# For a maker or a factory: "job_stages": "maker".
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
# The stages that tell the customer: going into work, nearly done, ready or packed (with its photo),
# shipped (with the tracking link).
NOISY_STAGES = (
    "repair", "quality-check", "ready", "in-production", "nearly-done", "packed", "shipped",
)  # fmt: skip
# "job_stages" may name one of these sets, or list stages of its own.
STAGE_SETS = {"workshop": WORKSHOP_STAGES, "maker": MAKER_STAGES}
# Tracking links: carrier key -> URL template with {number}.
CARRIERS = {
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "posta-moldovei": "https://www.posta.md/ro/tracking?id={number}",
    "nova-poshta": "https://novaposhta.ua/en/tracking/?cargo_number={number}",
}

ANSWER_CHANNELS = ("email", "sms", "whatsapp")
PELICAN_CACHE_PATH = "cache"  # Pelican's default CACHE_PATH, from the current folder

DEFAULTS: dict[str, Any] = {
    # The business, on every page, on tickets and in structured data; name and url default to
    # Pelican's SITENAME and SITEURL.
    "business": {"name": "", "address": "", "phone": "", "email": "", "url": "", "whatsapp": ""},
    # Folders inside PATH (jobs_path may be absolute: real jobs are better kept outside the repository).
    "testimonials_path": "testimonials",
    "cases_path": "cases",
    "jobs_path": "jobs",
    # Addresses of Shopwindow's pages in the output, each a folder ending in "/".
    "wall_url": "testimonials/",
    "cases_url": "cases/",
    "track_record_url": "track-record/",
    "jobs_url": "j/",
    "photos_url": "photos/",
    "static_url": "shopwindow/",
    "featured_testimonials": 3,
    # Add the wall, the reports and the track record to the theme's menu (MENUITEMS) once each exists.
    "menu": False,
    "photo_widths": (480, 960, 1600),
    "photo_quality": 82,
    "photo_max_pixels": 64_000_000,
    "share_image_font": "",
    # The secret file (unless SHOPWINDOW_SECRET is set), from the folder of the settings file.
    "secret_path": os.path.join(".shopwindow", "secret"),
    "kdf_iterations": 600_000,
    "job_stages": WORKSHOP_STAGES,
    "job_retention_days": 90,
    "carriers": CARRIERS,
    "review_url": "",
    "feedback_url": "",
    "cameras": {},
    "camera_keep_every": 10,
    "live_poll_seconds": 20,
    # Messages to the customer (channels come from SHOPWINDOW_NOTIFY in the environment): the stages
    # whose updates send one (the workshop's and the maker's; an update's [notify] or [silent] wins),
    # whether the link carries the code, how late a message may still go out, and when the review
    # request follows a done job.
    "noisy_stages": NOISY_STAGES,
    "message_link_code": False,
    "message_max_delay_hours": 48,
    "review_delay_days": 3,
    # The follow-up calls: days after the job is collected or delivered (or done).
    "followup_days": (1, 7),
    "followup_stages": ("collected", "delivered"),
    # Found work: the currency of quoted prices (an ISO code such as "MDL"; "" writes plain numbers),
    # and the ways a customer sends their answer from the job page (to the business's email, phone
    # and WhatsApp number, which defaults to the phone).
    "currency": "",
    "answer_channels": ANSWER_CHANNELS,
    # Clips in updates (H.264/AAC MP4): the short side at most (720p), frames a second, the bitrates
    # (a phone on mobile data) and how long a clip may be (a finding, not a film).
    "video_max_side": 720,
    "video_max_fps": 30,
    "video_kbps": 1500,
    "video_audio_kbps": 96,
    "video_max_seconds": 60,
    # The job's timelapse from its bay's camera: frames a second of the film (its picture and bitrate
    # are the clips' video_max_side and video_kbps).
    "timelapse_fps": 8,
}

# Below DESIGN.md's floor of 600,000 PBKDF2 iterations only when this is set in the environment: the
# benchmarks set it for speed; a CI or publish build refuses it.
WEAK_KDF_VARIABLE = "SHOPWINDOW_ALLOW_WEAK_KDF"
MIN_KDF_ITERATIONS = 600_000
_BUSINESS_KEYS = set(DEFAULTS["business"])
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", None, ""}
URL_KEYS = ("wall_url", "cases_url", "track_record_url", "jobs_url", "photos_url", "static_url")


def publish_build(settings: dict[str, Any]) -> str | None:
    """Why this build is a CI or publish build (a site for the public), or None on a developer's
    machine: such a build never makes a new site secret and never takes a weakened KDF."""
    if os.environ.get("CI"):
        return "this is a CI build (CI is set in the environment)"
    siteurl = urlparse(str(settings.get("SITEURL") or ""))
    if siteurl.scheme in ("http", "https") and siteurl.hostname not in _LOCAL_HOSTS:
        return f"this is a publish build (SITEURL is {settings['SITEURL']})"
    return None


class SettingsError(ValueError):
    """A setting Shopwindow cannot use; the message names it."""


def shopwindow_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Shopwindow's settings: ``DEFAULTS`` overlaid with the site's ``SHOPWINDOW``, checked, with what
    follows from Pelican's own settings (``lang``, ``cache_path``, ``jobs_root``)."""
    given = settings.get(SETTING) or {}
    if not isinstance(given, dict):
        raise SettingsError(f'{SETTING}: give a dict, e.g. {SETTING} = {{"business": {{...}}}}')
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"{SETTING}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(DEFAULTS))}"
        )
    merged = {**DEFAULTS, **given}
    if isinstance(merged["job_stages"], str):
        if merged["job_stages"] not in STAGE_SETS:
            _fail("job_stages", f"{merged['job_stages']!r} is not one of {', '.join(STAGE_SETS)}")
        merged["job_stages"] = STAGE_SETS[merged["job_stages"]]
    business = dict(DEFAULTS["business"])
    business.update(merged["business"] or {})
    merged["business"] = business
    _check(merged)
    weakened = os.environ.get(WEAK_KDF_VARIABLE)
    if weakened and publish_build(settings):
        raise SettingsError(
            f"{WEAK_KDF_VARIABLE} is set and {publish_build(settings)}: it is for benchmarks only"
        )
    business["name"] = business["name"] or settings.get("SITENAME", "") or "Shopwindow"
    business["url"] = business["url"] or settings.get("SITEURL", "")
    business["whatsapp"] = business["whatsapp"] or business["phone"]
    merged["photo_widths"] = tuple(sorted(set(merged["photo_widths"])))
    merged["followup_days"] = tuple(sorted(set(merged["followup_days"])))
    site_lang = str(settings.get("DEFAULT_LANG", "en"))
    merged["lang"] = site_lang if site_lang in LANGUAGES else "en"
    # Paths of Shopwindow's own files are taken from the settings file's folder, as Pelican takes its
    # own, never from the current folder. Caches go where the site keeps Pelican's (CACHE_PATH) when
    # it says, else into .shopwindow/ beside the secret.
    cache = settings.get("CACHE_PATH") or PELICAN_CACHE_PATH
    merged["cache_path"] = str(
        site_path(settings, cache) / "shopwindow"
        if cache != PELICAN_CACHE_PATH
        else shopwindow_folder(settings) / "cache"
    )
    merged["secret_path"] = str(site_path(settings, merged["secret_path"]))
    merged["cameras"] = {bay: str(site_path(settings, f)) for bay, f in merged["cameras"].items()}
    merged["jobs_root"] = os.path.join(settings.get("PATH", "content"), merged["jobs_path"])
    merged["private_root"] = merged["jobs_url"].strip("/")
    return merged


def language_note(settings: dict[str, Any]) -> str | None:
    """One line for the log when the site's language is not one of Shopwindow's."""
    site_lang = str(settings.get("DEFAULT_LANG", "en"))
    if site_lang in LANGUAGES:
        return None
    return (
        f"DEFAULT_LANG {site_lang!r}: Shopwindow's pages have no translation in it and are built in "
        f"English (it speaks {', '.join(LANGUAGES)})"
    )


def _fail(key: str, problem: str) -> None:
    raise SettingsError(f"{SETTING}[{key!r}]: {problem}")


def _check(merged: dict[str, Any]) -> None:
    unknown = set(merged["business"]) - _BUSINESS_KEYS
    if unknown:
        _fail(
            "business",
            f"unknown key {sorted(unknown)[0]!r}; the keys are {', '.join(sorted(_BUSINESS_KEYS))}",
        )
    widths = merged["photo_widths"]
    if (
        not isinstance(widths, list | tuple)
        or not widths
        or not all(isinstance(w, int) and 16 <= w <= 8192 for w in widths)
    ):
        _fail("photo_widths", "give a list of widths in pixels, each from 16 to 8192")
    quality = merged["photo_quality"]
    if not isinstance(quality, int) or not 1 <= quality <= 95:
        _fail("photo_quality", f"{quality!r} is not a whole number from 1 to 95")
    max_pixels = merged["photo_max_pixels"]
    if not isinstance(max_pixels, int) or max_pixels < 1_000_000:
        _fail("photo_max_pixels", f"{max_pixels!r} is below 1000000")
    stages = merged["job_stages"]
    if not stages or not all(
        isinstance(s, list | tuple)
        and len(s) == 2
        and isinstance(s[0], str)
        and isinstance(s[1], dict)
        and "en" in s[1]
        for s in stages
    ):
        _fail(
            "job_stages",
            f"name a set ({', '.join(STAGE_SETS)}) or give a list of "
            '(key, {"en": label, "ru": label, "ro": label})',
        )
    retention = merged["job_retention_days"]
    if not isinstance(retention, int) or retention < 1:
        _fail("job_retention_days", f"{retention!r} is not a whole number of days >= 1")
    for key, template in merged["carriers"].items():
        if "{number}" not in str(template) or not str(template).startswith("https://"):
            _fail("carriers", f"{key!r} needs an https:// URL with {{number}} in it")
    if not isinstance(merged["cameras"], dict) or not all(
        isinstance(k, str) and isinstance(v, str | os.PathLike)
        for k, v in merged["cameras"].items()
    ):
        _fail("cameras", 'give a dict of bay -> folder, e.g. {"booth-1": "/srv/cameras/booth-1"}')
    for name in ("camera_keep_every", "live_poll_seconds"):
        if not isinstance(merged[name], int) or not 1 <= merged[name] <= 1440:
            _fail(name, f"{merged[name]!r} is not a whole number from 1 to 1440")
    iterations = merged["kdf_iterations"]
    floor = 1_000 if os.environ.get(WEAK_KDF_VARIABLE) == "1" else MIN_KDF_ITERATIONS
    if not isinstance(iterations, int) or not floor <= iterations <= 10_000_000:
        _fail(
            "kdf_iterations",
            f"{iterations!r} is below {floor} or not a whole number; private pages need at least "
            f"{MIN_KDF_ITERATIONS} PBKDF2 iterations",
        )
    for key in ("noisy_stages", "followup_stages"):
        if not isinstance(merged[key], list | tuple) or not all(
            isinstance(k, str) for k in merged[key]
        ):
            _fail(key, 'give a list of stage keys, e.g. ["repair", "ready"]')
    for key in ("message_link_code", "menu"):
        if not isinstance(merged[key], bool):
            _fail(key, f"{merged[key]!r} is not True or False")
    for key, least, most in (
        ("message_max_delay_hours", 1, 24 * 30),
        ("review_delay_days", 0, 365),
    ):
        if not isinstance(merged[key], int) or not least <= merged[key] <= most:
            _fail(key, f"{merged[key]!r} is not a whole number from {least} to {most}")
    days = merged["followup_days"]
    if not isinstance(days, list | tuple) or not all(
        isinstance(d, int) and 0 <= d <= 365 for d in days
    ):
        _fail("followup_days", f"{days!r}: give a list of days from 0 to 365, e.g. [1, 7]")
    for key, least, most in (
        ("video_max_side", 144, 2160),
        ("video_max_fps", 1, 60),
        ("video_kbps", 100, 20_000),
        ("video_audio_kbps", 32, 320),
        ("video_max_seconds", 1, 600),
        ("timelapse_fps", 1, 30),
    ):
        if not isinstance(merged[key], int) or not least <= merged[key] <= most:
            _fail(key, f"{merged[key]!r} is not a whole number from {least} to {most}")
    currency = merged["currency"]
    if not isinstance(currency, str) or not (
        currency == "" or re.fullmatch(r"[A-Za-z]{3}", currency)
    ):
        _fail("currency", f'{currency!r} is not a 3-letter currency code such as "MDL", or ""')
    channels = merged["answer_channels"]
    if not isinstance(channels, list | tuple) or set(channels) - set(ANSWER_CHANNELS):
        _fail("answer_channels", f"{channels!r}: give a list of {', '.join(ANSWER_CHANNELS)}")
    featured = merged["featured_testimonials"]
    if not isinstance(featured, int) or featured < 0:
        _fail("featured_testimonials", f"{featured!r} is not a whole number >= 0")
    for key in URL_KEYS:
        url = merged[key]
        if (
            not isinstance(url, str)
            or not url.endswith("/")
            or url.startswith("/")
            or ".." in url.split("/")
            or url == "/"
        ):
            _fail(
                key, f"{url!r} must be a folder below the site root ending in '/', e.g. 'reviews/'"
            )
    if len({merged[key] for key in URL_KEYS}) != len(URL_KEYS):
        _fail("jobs_url", "each of " + ", ".join(URL_KEYS) + " must be a folder of its own")
