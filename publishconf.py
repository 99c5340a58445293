"""Production settings: pelicanconf.py plus the public address, feeds and compressed copies.

With a public SITEURL this is a publish build: Shopwindow refuses to build without SHOPWINDOW_SECRET (a
new secret would change every job's link and code), wherever it runs."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL") or "https://bright-garage.example"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
FEED_ALL_ATOM = "feeds/all.atom.xml"

# gzip and brotli copies of text files, for hosts that serve them (pelican-precompress).
PLUGINS = [*PLUGINS, "precompress"]  # noqa: F405
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_OVERWRITE = True  # a page that changed gets new copies
