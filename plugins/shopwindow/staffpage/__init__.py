"""The staff page: a phone-first web app on the shop's own network (``shopwindow staff serve``) that does
what ``shopwindow job ...`` does, through the same functions (``jobs.staff``), for paired devices only.

Starlette on uvicorn: an ASGI app whose request body limit (``max_body_size``) cuts an upload off
while it streams, before any of it is stored, and which runs in the watcher's process beside its
loop (``watch --staff``). ``devices.py`` keeps the paired devices, ``app.py`` the pages."""
