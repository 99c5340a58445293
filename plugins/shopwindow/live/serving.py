"""``shopwindow watch --serve``: the output folder over HTTP with Pelican's own request handler (the one
``pelican --listen`` uses: ``/page/`` serves ``page/index.html``), one thread per request."""

from __future__ import annotations

import logging
import socketserver
import threading
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

logger = logging.getLogger(__name__)


class _ThreadingServer(socketserver.ThreadingMixIn, RootedHTTPServer):
    daemon_threads = True


def serve(output: Path, address: str) -> _ThreadingServer:
    host, _, port = address.rpartition(":")
    server = _ThreadingServer(
        str(output), (host or "127.0.0.1", int(port)), ComplexHTTPRequestHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True, name="serve").start()
    logger.info("serving %s on http://%s:%s/", output, host or "127.0.0.1", port)
    return server
