"""Settings of [[ name ]]'s site: Pelican's own, and Shopwindow's in the one dict SHOPWINDOW
(every key is in Shopwindow's README). Written by `shopwindow init`; yours to change."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = [[ name | py ]]
SITEURL = ""
PATH = str(HERE / "content")
CACHE_PATH = str(HERE / ".shopwindow" / "cache")
TIMEZONE = [[ timezone | py ]]
DEFAULT_LANG = [[ lang | py ]]
PLUGINS = ["shopwindow"]

# Pelican's own pages and blog posts: content/pages/ and content/articles/. Shopwindow's folders
# (testimonials/, cases/, jobs/) are its own: Pelican never publishes them as posts.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 10


# Pelican's theme (notmyidea) until you choose or make your own: THEME = "theme". Its menu links to
# Shopwindow's pages (publishconf.py makes them again with the public SITEURL).
def menu_items(siteurl):
    return [
[% for label, url in menu %]
        ([[ label | py ]], f"{siteurl}/[[ url ]]"),
[% endfor %]
    ]


MENUITEMS = menu_items(SITEURL)

FEED_ALL_ATOM = None  # publishconf.py sets the feeds, with SITEURL
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

SHOPWINDOW = {
    "business": {
        "name": [[ name | py ]],
        "address": "",
        "phone": "",
        "email": "",
    },
    "job_stages": [[ stages | py ]],
    # The development secret (made by shopwindow init, never committed); CI and the published site
    # take the same secret from SHOPWINDOW_SECRET in the environment.
    "secret_path": str(HERE / ".shopwindow" / "secret"),
    "review_url": "",
}
