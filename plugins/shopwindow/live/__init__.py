"""``shopwindow watch``: keeps the site current while the shop works (see ``watcher.py``)."""
