"""Shopwindow's settings: one dict in the site's settings, ``SHOPWINDOW = {...}``, like pelican-sitemap's
``SITEMAP``. Each key's default, check and message are one row of ``KEYS``. ``shopwindow_settings(settings)``
makes one frozen ``ShopwindowSettings`` from them per build, checked once, and hands the same object to every
later caller with the same settings. The user's settings and Pelican's ``DEFAULT_CONFIG`` are never changed.
Secrets never live here: they come from the environment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlparse

from .errors import ShopwindowError
from .site_folder import publishconf_siteurl, settings_file, shopwindow_folder, site_path

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
    ("packed", {"en": "Packed", "ru": "Упакован", "ro": "Ambalat"}),
    ("shipped", {"en": "Shipped", "ru": "Отправлен", "ro": "Expediat"}),
    ("delivered", {"en": "Delivered", "ru": "Доставлен", "ro": "Livrat"}),
)  # (the follow-up calls after delivery are staff's: on their list, on no page of the customer's)
# The maker's last stage before 0.4, which `job done` wrote into the log: read as a staff note now.
FORMER_FOLLOW_UP_STAGE = "follow-up"
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
# Below DESIGN.md's floor of 600,000 PBKDF2 iterations only when this is set in the environment: the
# benchmarks set it for speed; a CI or publish build refuses it.
WEAK_KDF_VARIABLE = "SHOPWINDOW_ALLOW_WEAK_KDF"
MIN_KDF_ITERATIONS = 600_000
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", None, ""}
URL_KEYS = ("wall_url", "cases_url", "track_record_url", "jobs_url", "photos_url", "static_url")


class SettingsError(ShopwindowError):
    """A setting Shopwindow cannot use; the message names it."""


def _fail(key: str, problem: str) -> SettingsError:
    return SettingsError(f"{SETTING}[{key!r}]: {problem}")


# Each check takes (key, value) and returns the value Shopwindow uses, or raises with the key's name.
Check = Callable[[str, Any], Any]


def _whole(least: int, most: int | None = None, unit: str = "") -> Check:
    def check(key: str, value: Any) -> int:
        whole = isinstance(value, int) and not isinstance(value, bool)
        if whole and least <= value and (most is None or value <= most):
            return value
        if most is None:
            raise _fail(key, f"{value!r} is not a whole number{unit} >= {least}")
        raise _fail(key, f"{value!r} is not a whole number from {least} to {most}")

    return check


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, f"{value!r} is not True or False")
    return value


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(key, f"{value!r} is not a string")
    return value


def _folder(key: str, value: Any) -> str:
    if not isinstance(value, str | os.PathLike) or not str(value):
        raise _fail(key, f"{value!r} is not a folder name")
    return str(value)


def _folder_url(key: str, url: Any) -> str:
    if (
        not isinstance(url, str)
        or not url.endswith("/")
        or url.startswith("/")
        or ".." in url.split("/")
    ):
        raise _fail(
            key, f"{url!r} must be a folder below the site root ending in '/', e.g. 'reviews/'"
        )
    return url


def _stage_keys(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(k, str) for k in value):
        raise _fail(key, 'give a list of stage keys, e.g. ["repair", "ready"]')
    return tuple(value)


def _photo_widths(key: str, widths: Any) -> tuple[int, ...]:
    if (
        not isinstance(widths, list | tuple)
        or not widths
        or not all(isinstance(w, int) and 16 <= w <= 8192 for w in widths)
    ):
        raise _fail(key, "give a list of widths in pixels, each from 16 to 8192")
    return tuple(sorted(set(widths)))


def _photo_max_pixels(key: str, value: Any) -> int:
    if not isinstance(value, int) or value < 1_000_000:
        raise _fail(key, f"{value!r} is below 1000000")
    return value


def _job_stages(key: str, stages: Any) -> tuple[tuple[str, dict[str, str]], ...]:
    if isinstance(stages, str):
        if stages not in STAGE_SETS:
            raise _fail(key, f"{stages!r} is not one of {', '.join(STAGE_SETS)}")
        return STAGE_SETS[stages]
    if (
        not stages
        or not isinstance(stages, list | tuple)
        or not all(
            isinstance(s, list | tuple)
            and len(s) == 2
            and isinstance(s[0], str)
            and isinstance(s[1], dict)
            and "en" in s[1]
            for s in stages
        )
    ):
        raise _fail(
            key,
            f"name a set ({', '.join(STAGE_SETS)}) or give a list of "
            '(key, {"en": label, "ru": label, "ro": label})',
        )
    return tuple((name, dict(labels)) for name, labels in stages)


def _carriers(key: str, carriers: Any) -> dict[str, str]:
    if not isinstance(carriers, dict):
        raise _fail(key, "give a dict of carrier -> https:// URL with {number} in it")
    for name, template in carriers.items():
        if "{number}" not in str(template) or not str(template).startswith("https://"):
            raise _fail(key, f"{name!r} needs an https:// URL with {{number}} in it")
    return dict(carriers)


def _cameras(key: str, cameras: Any) -> dict[str, str]:
    if not isinstance(cameras, dict) or not all(
        isinstance(k, str) and isinstance(v, str | os.PathLike) for k, v in cameras.items()
    ):
        raise _fail(key, 'give a dict of bay -> folder, e.g. {"booth-1": "/srv/cameras/booth-1"}')
    return {bay: str(folder) for bay, folder in cameras.items()}


def _kdf_iterations(key: str, iterations: Any) -> int:
    floor = 1_000 if os.environ.get(WEAK_KDF_VARIABLE) == "1" else MIN_KDF_ITERATIONS
    if not isinstance(iterations, int) or not floor <= iterations <= 10_000_000:
        raise _fail(
            key,
            f"{iterations!r} is below {floor} or not a whole number; private pages need at least "
            f"{MIN_KDF_ITERATIONS} PBKDF2 iterations",
        )
    return iterations


def _followup_days(key: str, days: Any) -> tuple[int, ...]:
    if not isinstance(days, list | tuple) or not all(
        isinstance(d, int) and 0 <= d <= 365 for d in days
    ):
        raise _fail(key, f"{days!r}: give a list of days from 0 to 365, e.g. [1, 7]")
    return tuple(sorted(set(days)))


def _currency(key: str, currency: Any) -> str:
    if not isinstance(currency, str) or not (
        currency == "" or re.fullmatch(r"[A-Za-z]{3}", currency)
    ):
        raise _fail(key, f'{currency!r} is not a 3-letter currency code such as "MDL", or ""')
    return currency


def _answer_channels(key: str, channels: Any) -> tuple[str, ...]:
    if not isinstance(channels, list | tuple) or set(channels) - set(ANSWER_CHANNELS):
        raise _fail(key, f"{channels!r}: give a list of {', '.join(ANSWER_CHANNELS)}")
    return tuple(channels)


def _services(key: str, services: Any) -> tuple[str, ...]:
    if not isinstance(services, list | tuple) or not all(
        isinstance(name, str) and name.strip() for name in services
    ):
        raise _fail(key, f'{services!r}: give a list of names, e.g. ["Brakes", "Paint"]')
    return tuple(name.strip() for name in services)


# What a customer agrees to when they send a testimonial from their job's page: shown verbatim with a
# box to tick, bound by its version into the testimonial's code. A shop that changes the words raises
# the version.
CONSENT = {
    "version": "1",
    "en": "I agree that my words, my rating and the name above may be published on this site and "
    "shared from it. I can take them down at any time from my job's page or by writing to the shop.",
    "ru": "Я согласен(на), чтобы мои слова, оценка и имя, указанные выше, были опубликованы на этом "
    "сайте и распространялись с него. Я могу убрать их в любой момент со страницы моего заказа или "
    "написав мастерской.",
    "ro": "Sunt de acord ca textul, nota și numele de mai sus să fie publicate pe acest site și "
    "distribuite de pe el. Le pot retrage oricând de pe pagina lucrării mele sau scriind atelierului.",
}


def _consent(key: str, given: Any) -> dict[str, str]:
    if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
        raise _fail(key, 'give a dict of strings, e.g. {"version": "2", "en": "I agree ..."}')
    unknown = sorted(set(given) - {"version", *LANGUAGES})
    if unknown:
        raise _fail(
            key, f"unknown key {unknown[0]!r}; the keys are version, {', '.join(LANGUAGES)}"
        )
    if not re.fullmatch(r"[0-9A-Za-z.-]{1,20}", given.get("version", "")):
        raise _fail(
            key, f"version {given.get('version')!r}: letters, digits, '.' or '-' (e.g. \"2\")"
        )
    missing = [lang for lang in LANGUAGES if not given.get(lang, "").strip()]
    if missing:
        raise _fail(key, f"no statement in {', '.join(missing)}: customers write in each language")
    return dict(given)


def is_public_address(url: str) -> bool:
    """Whether ``url`` is an address a customer's phone can open: http(s), a host, not this machine."""
    parts = urlparse(url or "")
    return parts.scheme in ("http", "https") and parts.hostname not in _LOCAL_HOSTS


def _public_url(key: str, url: Any) -> str:
    if not isinstance(url, str):
        raise _fail(key, f"{url!r} is not a string")
    if url and not is_public_address(url):
        raise _fail(
            key,
            f"{url!r} is no public address (give the site's address as customers open it, "
            '"https://bright-garage.md"; this machine\'s own address is for `--local` only)',
        )
    return url.rstrip("/")


def _quiet_hours(key: str, value: Any) -> tuple[dt.time, dt.time] | None:
    if value in ("", None):
        return None
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", str(value))
    try:
        if match is None:
            raise ValueError
        start, end = (dt.time(int(h), int(m)) for h, m in (match.group(1, 2), match.group(3, 4)))
    except ValueError:
        raise _fail(
            key, f'{value!r}: give the hours as "21:00-08:00" in TIMEZONE, or "" for none'
        ) from None
    if start == end:
        raise _fail(key, f"{value!r}: the quiet hours start and end at the same time")
    return start, end


@dataclass(frozen=True)
class Business:
    """The business, on every page, on tickets and in structured data."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    whatsapp: str = ""


BUSINESS_KEYS = tuple(f.name for f in fields(Business))


def _business(key: str, given: Any) -> dict[str, str]:
    given = {} if given is None else given
    if not isinstance(given, dict):
        raise _fail(key, 'give a dict, e.g. {"name": "...", "phone": "..."}')
    unknown = sorted(set(given) - set(BUSINESS_KEYS))
    if unknown:
        raise _fail(
            key, f"unknown key {unknown[0]!r}; the keys are {', '.join(sorted(BUSINESS_KEYS))}"
        )
    for name, value in given.items():
        if not isinstance(value, str):
            raise _fail(key, f"{name!r}: {value!r} is not a string")
    return dict(given)


@dataclass(frozen=True)
class Key:
    """One setting: its default, its check (which returns the value used) and what it is for."""

    default: Any
    check: Check
    help: str


KEYS: dict[str, Key] = {
    "business": Key(
        {},
        _business,
        "the business (name, address, phone, email, url, whatsapp); name and url default to "
        "SITENAME and SITEURL, whatsapp to the phone",
    ),
    # Folders inside PATH (jobs_path may be absolute: real jobs are better kept outside the repository).
    "testimonials_path": Key("testimonials", _folder, "testimonials' folder inside PATH"),
    "cases_path": Key("cases", _folder, "case reports' folder inside PATH"),
    "jobs_path": Key("jobs", _folder, "jobs' folder inside PATH, or an absolute folder"),
    # Addresses of Shopwindow's pages in the output, each a folder ending in "/".
    "wall_url": Key("testimonials/", _folder_url, "the testimonial wall's address"),
    "cases_url": Key("cases/", _folder_url, "the case reports' address"),
    "track_record_url": Key("track-record/", _folder_url, "the track record's address"),
    "jobs_url": Key("j/", _folder_url, "the private job pages' address"),
    "photos_url": Key("photos/", _folder_url, "the public photos' address"),
    "static_url": Key("shopwindow/", _folder_url, "Shopwindow's styles and scripts' address"),
    "featured_testimonials": Key(3, _whole(0), "testimonials featured on the wall's top"),
    "menu": Key(False, _flag, "add the wall, reports and track record to MENUITEMS"),
    "photo_widths": Key((480, 960, 1600), _photo_widths, "widths of each photo's renditions"),
    "photo_quality": Key(82, _whole(1, 95), "JPEG/WebP quality of renditions"),
    "photo_max_pixels": Key(64_000_000, _photo_max_pixels, "largest photo accepted, in pixels"),
    "share_image_font": Key(
        "",
        _text,
        "a TrueType font for share images ('' = DejaVu Sans or Liberation Sans if installed)",
    ),
    "secret_path": Key(
        os.path.join(".shopwindow", "secret"),
        _folder,
        "the site secret's file (unless SHOPWINDOW_SECRET is set), from the settings file's folder",
    ),
    "kdf_iterations": Key(600_000, _kdf_iterations, "PBKDF2 iterations of access codes"),
    "job_stages": Key(
        WORKSHOP_STAGES, _job_stages, 'a job\'s stages: "workshop", "maker" or a list'
    ),
    "job_retention_days": Key(90, _whole(1, unit=" of days"), "days a done job's page stays"),
    "carriers": Key(CARRIERS, _carriers, "tracking links: carrier -> URL with {number}"),
    "review_url": Key("", _text, "where a done job's customer is asked to review"),
    "feedback_url": Key("", _text, "where a customer sends feedback"),
    "cameras": Key({}, _cameras, "bay -> folder its camera uploads frames into"),
    "camera_keep_every": Key(10, _whole(1, 1440), "keep one camera frame in this many"),
    "live_poll_seconds": Key(20, _whole(1, 1440), "how often an open job page looks for news"),
    # Messages to the customer (channels come from SHOPWINDOW_NOTIFY in the environment).
    "noisy_stages": Key(NOISY_STAGES, _stage_keys, "stages whose updates send a message"),
    "message_link_code": Key(False, _flag, "messages' links carry the access code"),
    "message_max_delay_hours": Key(48, _whole(1, 24 * 30), "how late a message may still go out"),
    "message_window_minutes": Key(
        15,
        _whole(0, 24 * 60),
        "a job's updates within this many minutes send one message, the latest",
    ),
    "quiet_hours": Key(
        "21:00-08:00", _quiet_hours, 'hours in TIMEZONE when messages wait for morning ("" = none)'
    ),
    "quiet_hours_email": Key(False, _flag, "emails wait through the quiet hours too"),
    # Where customers open the site: links, tickets, QR codes and messages. Default: SITEURL of a
    # publish build, else SITEURL of publishconf.py beside the settings file.
    "public_url": Key("", _public_url, "the site's public address (links, tickets, messages)"),
    "review_delay_days": Key(3, _whole(0, 365), "days after a done job the review request goes"),
    # The follow-up calls: days after the job is collected or delivered (or done).
    "followup_days": Key((1, 7), _followup_days, "days after a job is done the calls fall due"),
    "followup_stages": Key(("collected", "delivered"), _stage_keys, "stages that start the calls"),
    # Found work: the currency of quoted prices and the ways a customer sends their answer.
    "currency": Key("", _currency, 'ISO code of quoted prices, e.g. "MDL" ("" = plain numbers)'),
    "answer_channels": Key(ANSWER_CHANNELS, _answer_channels, "how a customer sends an answer"),
    "testimonial_consent": Key(CONSENT, _consent, "the statement a customer agrees to, by version"),
    "services": Key((), _services, "what the shop does, as the shipped theme's home page lists it"),
    # Clips in updates (H.264/AAC MP4) and the bay camera's timelapse.
    "video_max_side": Key(720, _whole(144, 2160), "a clip's short side at most, in pixels"),
    "video_max_fps": Key(30, _whole(1, 60), "a clip's frames a second at most"),
    "video_kbps": Key(1500, _whole(100, 20_000), "a clip's video bitrate"),
    "video_audio_kbps": Key(96, _whole(32, 320), "a clip's audio bitrate"),
    "video_max_seconds": Key(60, _whole(1, 600), "the longest clip accepted"),
    "timelapse_fps": Key(8, _whole(1, 30), "the timelapse's frames a second"),
    # The staff page (`shopwindow staff serve`).
    "staff_max_upload_mb": Key(200, _whole(1, 4096), "the largest send from the staff page, in MB"),
}
DEFAULTS: dict[str, Any] = {name: key.default for name, key in KEYS.items()}


@dataclass(frozen=True)
class ShopwindowSettings:
    """Shopwindow's settings for one build, checked; read as attributes (``sw.jobs_url``)."""

    business: Business
    testimonials_path: str
    cases_path: str
    jobs_path: str
    wall_url: str
    cases_url: str
    track_record_url: str
    jobs_url: str
    photos_url: str
    static_url: str
    featured_testimonials: int
    menu: bool
    photo_widths: tuple[int, ...]
    photo_quality: int
    photo_max_pixels: int
    share_image_font: str
    secret_path: str  # absolute, from the settings file's folder
    kdf_iterations: int
    job_stages: tuple[tuple[str, dict[str, str]], ...]
    job_retention_days: int
    carriers: dict[str, str]
    review_url: str
    feedback_url: str
    cameras: dict[str, str]  # bay -> absolute folder
    camera_keep_every: int
    live_poll_seconds: int
    noisy_stages: tuple[str, ...]
    message_link_code: bool
    message_max_delay_hours: int
    message_window_minutes: int
    quiet_hours: tuple[dt.time, dt.time] | None  # (start, end) in the site's time zone
    quiet_hours_email: bool
    public_url: str  # the site's public address without its last "/", or "" (none known)
    review_delay_days: int
    followup_days: tuple[int, ...]
    followup_stages: tuple[str, ...]
    currency: str
    services: tuple[str, ...]
    testimonial_consent: dict[str, str]  # version, and the statement in each language
    answer_channels: tuple[str, ...]
    video_max_side: int
    video_max_fps: int
    video_kbps: int
    video_audio_kbps: int
    video_max_seconds: int
    timelapse_fps: int
    staff_max_upload_mb: int
    # What follows from Pelican's settings:
    lang: str  # the site's language if Shopwindow speaks it, else "en"
    cache_path: str  # Shopwindow's caches
    jobs_root: str  # PATH joined with jobs_path
    private_root: str  # jobs_url without its slashes
    public_url_from: str  # where public_url came from ("" when there is none)
    timezone: str  # Pelican's TIMEZONE


def publish_build(settings: Mapping[str, Any]) -> str | None:
    """Why this build is a CI or publish build (a site for the public), or None on a developer's
    machine: such a build never makes a new site secret and never takes a weakened KDF."""
    if os.environ.get("CI"):
        return "this is a CI build (CI is set in the environment)"
    siteurl = urlparse(str(settings.get("SITEURL") or ""))
    if is_public_address(siteurl.geturl()):
        return f"this is a publish build (SITEURL is {settings['SITEURL']})"
    return None


# The settings objects made, by id of Pelican's settings: (settings, inputs, made). The same settings
# with the same inputs get the same object; a few are kept (tests build many sites in one process).
_MADE: dict[int, tuple[dict, tuple, ShopwindowSettings]] = {}
_KEEP = 16


def _inputs(settings: Mapping[str, Any]) -> tuple:
    """What a settings object is made from, to tell when the same dict was changed since."""
    return (
        repr(settings.get(SETTING)),
        *(
            str(settings.get(name))
            for name in ("SITENAME", "SITEURL", "DEFAULT_LANG", "CACHE_PATH", "PATH")
        ),
        os.environ.get("CI"),
        os.environ.get(WEAK_KDF_VARIABLE),
        os.environ.get("SITEURL"),  # publishconf.py's SITEURL may come from it
        str(settings_file(settings) if isinstance(settings, dict) else None),
    )


def shopwindow_settings(settings: Mapping[str, Any]) -> ShopwindowSettings:
    """The build's Shopwindow settings, made and checked on the first call for these settings."""
    inputs = _inputs(settings)
    made = _MADE.get(id(settings))
    if made is not None and made[0] is settings and made[1] == inputs:
        return made[2]
    result = _make(settings)
    if len(_MADE) >= _KEEP:
        _MADE.pop(next(iter(_MADE)))
    _MADE[id(settings)] = (settings, inputs, result)
    return result


def _make(settings: Mapping[str, Any]) -> ShopwindowSettings:
    """Every key checked by its row of ``KEYS``, with the site's own settings filled in."""
    given = settings.get(SETTING) or {}
    if not isinstance(given, dict):
        raise SettingsError(f'{SETTING}: give a dict, e.g. {SETTING} = {{"business": {{...}}}}')
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise SettingsError(
            f"{SETTING}: unknown key {unknown[0]!r}; the keys are {', '.join(sorted(KEYS))}"
        )
    values = {name: key.check(name, given.get(name, key.default)) for name, key in KEYS.items()}
    _distinct_urls(values)
    weakened = os.environ.get(WEAK_KDF_VARIABLE)
    if weakened and publish_build(settings):
        raise SettingsError(
            f"{WEAK_KDF_VARIABLE} is set and {publish_build(settings)}: it is for benchmarks only"
        )
    business = values["business"]
    business["name"] = business.get("name") or settings.get("SITENAME", "") or "Shopwindow"
    public, public_from = _public_address(settings, values["public_url"])
    values["public_url"] = public
    business["url"] = business.get("url") or public or settings.get("SITEURL", "")
    business["whatsapp"] = business.get("whatsapp") or business.get("phone", "")
    values["business"] = Business(**business)
    site_lang = str(settings.get("DEFAULT_LANG", "en"))
    # Paths of Shopwindow's own files are taken from the settings file's folder, as Pelican takes its
    # own, never from the current folder. Caches go where the site keeps Pelican's (CACHE_PATH) when
    # it says, else into .shopwindow/ beside the secret.
    cache = settings.get("CACHE_PATH") or PELICAN_CACHE_PATH
    return ShopwindowSettings(
        **{
            **values,
            "secret_path": str(site_path(settings, values["secret_path"])),
            "cameras": {bay: str(site_path(settings, f)) for bay, f in values["cameras"].items()},
        },
        lang=site_lang if site_lang in LANGUAGES else "en",
        cache_path=str(
            site_path(settings, cache) / "shopwindow"
            if cache != PELICAN_CACHE_PATH
            else shopwindow_folder(settings) / "cache"
        ),
        jobs_root=os.path.join(settings.get("PATH", "content"), values["jobs_path"]),
        private_root=values["jobs_url"].strip("/"),
        public_url_from=public_from,
        timezone=str(settings.get("TIMEZONE") or "UTC"),
    )


def _public_address(settings: Mapping[str, Any], given: str) -> tuple[str, str]:
    """The site's public address and where it came from: SITEURL when this build is for the public,
    else the ``public_url`` key, else SITEURL of ``publishconf.py`` beside the settings file (as that
    file reads it: a string, or ``os.environ.get("SITEURL", "https://...")``); ("", "") if none."""
    siteurl = str(settings.get("SITEURL") or "")
    if is_public_address(siteurl):
        return siteurl.rstrip("/"), "SITEURL"
    if given:
        return given, f"{SETTING}['public_url']"
    found = settings_file(settings) if isinstance(settings, dict) else None
    publish = found.parent / "publishconf.py" if found else None
    if publish is not None and publish != found and publish.is_file():
        url = publishconf_siteurl(publish)
        if is_public_address(url):
            return url.rstrip("/"), f"SITEURL of {publish.name}"
    return "", ""


def _distinct_urls(values: dict[str, Any]) -> None:
    if len({values[key] for key in URL_KEYS}) != len(URL_KEYS):
        raise _fail("jobs_url", "each of " + ", ".join(URL_KEYS) + " must be a folder of its own")


def language_note(settings: Mapping[str, Any]) -> str | None:
    """One line for the log when the site's language is not one of Shopwindow's."""
    site_lang = str(settings.get("DEFAULT_LANG", "en"))
    if site_lang in LANGUAGES:
        return None
    return (
        f"DEFAULT_LANG {site_lang!r}: Shopwindow's pages have no translation in it and are built in "
        f"English (it speaks {', '.join(LANGUAGES)})"
    )
