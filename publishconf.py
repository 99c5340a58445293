"""Production settings: pelicanconf.py plus the public address. Refuses to build without SHOPWINDOW_SECRET,
so a production site is never built with a developer's secret."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

if not os.environ.get("SHOPWINDOW_SECRET"):
    raise SystemExit(
        "publishconf.py: SHOPWINDOW_SECRET is not set. Set it to the site secret (64 hex characters) "
        "in CI's secrets; a production build never uses a developer's .shopwindow/secret."
    )

if os.environ.get("SHOPWINDOW_ALLOW_WEAK_KDF"):
    raise SystemExit("publishconf.py: SHOPWINDOW_ALLOW_WEAK_KDF is set; it is for tests only, unset it")

SITEURL = os.environ.get("SITEURL", "https://bright-garage.example")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
PRECOMPRESS = True  # .gz copies of text files, for hosts that serve them
FEED_ALL_ATOM = "feeds/all.atom.xml"
