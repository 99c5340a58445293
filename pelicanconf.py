"""Development settings for the example site. Every Shopwindow setting is listed in the README."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Bright Garage"
SITEURL = ""
RELATIVE_URLS = False
PATH = str(HERE / "content")
THEME = str(HERE / "theme")
CACHE_PATH = str(HERE / ".shopwindow" / "cache")
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "shopwindow.site",
    "shopwindow.testimonials",
    "shopwindow.jobs",
    "shopwindow.cases",
    "shopwindow.access",
]
TIMEZONE = "Europe/Chisinau"
DEFAULT_LANG = "en"

BUSINESS = {
    "name": "Bright Garage",
    "address": "12 Mill Lane, Chișinău",
    "phone": "+373 22 000 000",
    "email": "hello@bright-garage.example",
    "url": "https://bright-garage.example",
}

# Pelican's own blog lives under content/articles; testimonials, cases and jobs have their own generators.
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

FEED_ALL_ATOM = None  # publishconf.py sets it, with SITEURL
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Shopwindow
# The site secret for development builds; CI and production use SHOPWINDOW_SECRET instead.
SECRET_PATH = str(HERE / ".shopwindow" / "secret")
JOBS_PATH = "jobs"
ACCESS_KDF_ITERATIONS = 600_000
JOB_RETENTION_DAYS = 90
REVIEW_URL = "https://bright-garage.example/review"
FEEDBACK_URL = ""  # empty: a mailto: link to BUSINESS["email"]
# Bays with a camera, and the folder each uploads frames to (`make demo-cameras` fills these).
CAMERAS = {
    "lift-2": str(HERE / ".shopwindow" / "cameras" / "lift-2"),
    "booth-1": str(HERE / ".shopwindow" / "cameras" / "booth-1"),
}
CAMERA_KEEP_EVERY = 10
LIVE_POLL_SECONDS = 10
TESTIMONIALS_FEATURED = 3
PHOTO_WIDTHS = [480, 960, 1600]
PHOTO_QUALITY = 82
