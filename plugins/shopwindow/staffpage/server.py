"""The staff page served by uvicorn: in the foreground (``staff serve``) or in a thread of the watcher
(``watch --staff``), so that one process watches, re-seals and serves staff."""

from __future__ import annotations

import logging
import threading

import uvicorn

from .app import StaffPage
from .devices import DeviceStore

logger = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
GRACE = 3


def split_address(listen: str) -> tuple[str, int]:
    """``HOST:PORT`` as (host, port); ValueError if it is not one."""
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f'"{listen}" is not HOST:PORT, e.g. 192.168.1.20:8765')
    return host.strip("[]"), int(port)


def _config(page: StaffPage, listen: str, cert: str | None, key: str | None) -> uvicorn.Config:
    host, port = split_address(listen)
    DeviceStore(page.settings).note_served_at(f"{'https' if cert else 'http'}://{listen}")
    # A stop waits at most GRACE seconds for the phones' open connections (a browser keeps one).
    return uvicorn.Config(page.app(), host=host, port=port, ssl_certfile=cert,
                          ssl_keyfile=key, log_level="warning", server_header=False,
                          timeout_graceful_shutdown=GRACE)  # fmt: skip


def plain_http_on_a_network(listen: str, cert: str | None) -> bool:
    return not cert and split_address(listen)[0] not in LOCAL_HOSTS


def run(settings: dict, listen: str, cert: str | None = None, key: str | None = None) -> None:
    uvicorn.Server(_config(StaffPage(settings), listen, cert, key)).run()


class InThread:
    """The staff page on ``listen`` in a daemon thread, until ``stop()``; ``use()`` gives it the
    settings the watcher has read again."""

    def __init__(
        self, settings: dict, listen: str, cert: str | None = None, key: str | None = None
    ):
        self.page = StaffPage(settings)
        self.use = self.page.use
        self.server = uvicorn.Server(_config(self.page, listen, cert, key))
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="staff page")
        self.thread.start()
        logger.info("staff page on %s://%s", "https" if cert else "http", listen)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
