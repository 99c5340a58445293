"""The published site: pelicanconf.py plus its public address and feeds.

With a public SITEURL this is a publish build: Shopwindow refuses to build without
SHOPWINDOW_SECRET, so the published site never gets a new secret (that would change every job's link
and code)."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://example.com")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
MENUITEMS = menu_items(SITEURL)  # noqa: F405
