"""Development settings for the example site. Shopwindow's settings are the one dict SHOPWINDOW (every
key is in the README); the rest is Pelican's own."""

from pathlib import Path

from pelican.plugins.shopwindow import THEME  # noqa: F401 (Pelican reads it: the shipped theme)

HERE = Path(__file__).resolve().parent

SITENAME = "Bright Garage"
SITEURL = ""
RELATIVE_URLS = False
PATH = str(HERE / "content")
CACHE_PATH = str(HERE / ".shopwindow" / "cache")
PLUGINS = ["shopwindow", "sitemap"]
TIMEZONE = "Europe/Chisinau"
DEFAULT_LANG = "en"

# This theme's own templates use the same translations and date filters as Shopwindow's pages: the site
# opts in with Jinja's i18n extension, and Shopwindow installs its catalogs (the theme's first) and its
# filters (localdate, localnumber, money) for every template.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": ["jinja2.ext.i18n"]}

# Pelican's own blog lives under content/articles; testimonials, cases and jobs are Shopwindow's.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARCHIVES_SAVE_AS = "blog/index.html"
CATEGORY_URL = "blog/category/{slug}/"
CATEGORY_SAVE_AS = "blog/category/{slug}/index.html"
TAG_URL = "blog/tag/{slug}/"
TAG_SAVE_AS = "blog/tag/{slug}/index.html"
CATEGORIES_SAVE_AS = "blog/categories/index.html"
TAGS_SAVE_AS = "blog/tags/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "404"]
DEFAULT_PAGINATION = False
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# pelican-sitemap: the public pages (Shopwindow's private ones never reach it); not the 404 page.
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$"]}

FEED_ALL_ATOM = None  # publishconf.py sets it, with SITEURL
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SHOPWINDOW = {
    "business": {
        "name": "Bright Garage",
        "address": "12 Mill Lane, Chișinău",
        "phone": "+373 22 000 000",
        "email": "hello@bright-garage.example",
        "url": "https://bright-garage.example",
    },
    # The development site secret; CI and production take SHOPWINDOW_SECRET from the environment.
    "secret_path": str(HERE / ".shopwindow" / "secret"),
    "kdf_iterations": 600_000,
    "job_retention_days": 90,
    "review_url": "https://bright-garage.example/review",
    # Bays with a camera, and the folder each uploads frames to (`make demo-cameras` fills these).
    "cameras": {
        "lift-2": str(HERE / ".shopwindow" / "cameras" / "lift-2"),
        "booth-1": str(HERE / ".shopwindow" / "cameras" / "booth-1"),
    },
    "camera_keep_every": 10,
    "live_poll_seconds": 10,
    "featured_testimonials": 3,
    "photo_widths": [480, 960, 1600],
    "photo_quality": 82,
    # Quoted prices (found work on a job page) are in Moldovan lei.
    "currency": "MDL",
    # What the home page lists under "Our services".
    "services": ["Brakes", "Body and paint", "Diagnostics", "Servicing"],
}
