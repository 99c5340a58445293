"""The shop's channels, and handing a message to one. Apprise does every channel; this module only
chooses the URL.

``SHOPWINDOW_NOTIFY`` in the environment (never a committed file: the URLs hold passwords) names each
channel and gives its Apprise URL, with ``{email}`` or ``{phone}`` where the customer's address goes::

    SHOPWINDOW_NOTIFY="email=mailtos://shop:PASSWORD@smtp.example.com?to={email}
                       sms=twilio://SID:TOKEN@+37322000000/{phone}"

Entries are separated by white space. A job's ``Notify: email, sms`` chooses among them by name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import ShopwindowError
from ..extras import MissingExtraError, need
from ..jobs.model import CHANNEL_NAME

VARIABLE = "SHOPWINDOW_NOTIFY"
ADDRESSES = ("email", "phone")  # the placeholders a channel URL may hold
_PLACEHOLDER = re.compile(r"\{(email|phone)\}")
_SAMPLE = {"email": "customer@example.com", "phone": "+37369000000"}


class ChannelError(ShopwindowError):
    """SHOPWINDOW_NOTIFY cannot be used; the message names the entry, never its password."""


class DeliveryError(RuntimeError):
    """A channel did not take a message; the message says why."""


@dataclass(frozen=True)
class Channel:
    name: str
    url: str  # with {email} or {phone}: never logged, it may hold a password

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0]

    def url_for(self, email: str, phone: str) -> str:
        """The URL with the customer's address in it; DeliveryError when the job lacks that address."""
        given = {"email": email.strip(), "phone": re.sub(r"[\s()-]", "", phone)}

        def fill(match: re.Match) -> str:
            value = given[match.group(1)]
            if not value:
                raise DeliveryError(
                    f"channel {self.name} needs the customer's {match.group(1)}: the job has none"
                )
            return quote(value, safe="+@")

        return _PLACEHOLDER.sub(fill, self.url)


def configured_channels(environ: dict | None = None) -> dict[str, Channel]:
    """The channels of ``SHOPWINDOW_NOTIFY`` by name ({} when it is not set)."""
    text = (environ if environ is not None else os.environ).get(VARIABLE, "")
    channels: dict[str, Channel] = {}
    for entry in text.split():
        name, equals, url = entry.partition("=")
        name = name.strip().lower()
        if not equals or not CHANNEL_NAME.fullmatch(name) or "://" not in url:
            shown = entry.split("://", 1)[0]
            raise ChannelError(
                f'{VARIABLE}: "{shown}..." is not name=URL (e.g. email=mailtos://user:pass@host?to={{email}})'
            )
        if name in channels:
            raise ChannelError(f"{VARIABLE}: channel {name} is given twice")
        channel = Channel(name, url)
        if not _PLACEHOLDER.search(url):
            raise ChannelError(
                f"{VARIABLE}: channel {name} ({channel.scheme}://) has no {{email}} or {{phone}} "
                "for the customer's address"
            )
        if _plugin(_PLACEHOLDER.sub(lambda m: quote(_SAMPLE[m.group(1)], safe="+@"), url)) is None:
            raise ChannelError(
                f"{VARIABLE}: channel {name}: Apprise does not take this {channel.scheme}:// URL"
            )
        channels[name] = channel
    return channels


def _apprise():
    """Apprise, or ChannelError saying which extra brings it."""
    try:
        return need("apprise")
    except MissingExtraError as error:
        raise ChannelError(f"{VARIABLE} is set, but {error}") from None


def _plugin(url: str):
    apprise = _apprise()

    with _quiet():
        return apprise.Apprise.instantiate(url)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Apprise's own log lines may show a URL: they are kept out of the site's log."""
    apprise_logger = logging.getLogger("apprise")
    level = apprise_logger.level
    apprise_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        apprise_logger.setLevel(level)


@dataclass(frozen=True)
class Outgoing:
    subject: str
    text: str
    html: str
    message_id: str  # "<token@host>": the same for every attempt of the same message
    attachments: tuple[Path, ...] = ()


def deliver(url: str, message: Outgoing) -> None:
    """Hand ``message`` to the channel at ``url``: HTML where the channel takes it, the text elsewhere,
    attachments where it takes them. Raises DeliveryError with Apprise's reason."""
    apprise = _apprise()
    NotifyFormat = apprise.NotifyFormat

    plugin = _plugin(url)
    if plugin is None:
        raise DeliveryError("Apprise does not take this URL")
    formats = plugin.notify_format
    formats = formats if isinstance(formats, tuple | list) else (formats,)
    html = NotifyFormat.HTML in formats and message.html
    attach = None
    if message.attachments and getattr(plugin, "attachment_support", False):
        attach = apprise.AppriseAttachment([str(path) for path in message.attachments])
    with (
        apprise.LogCapture(level=logging.WARNING) as captured,
        _fixed_message_id(message.message_id),
    ):
        ok = plugin.notify(
            body=message.html if html else message.text,
            title=message.subject,
            body_format=NotifyFormat.HTML if html else NotifyFormat.TEXT,
            attach=attach,
        )
    if not ok:
        lines = [line.strip() for line in captured.getvalue().splitlines() if line.strip()]
        raise DeliveryError(lines[-1] if lines else "the channel did not take the message")


_MESSAGE_ID_LOCK = threading.Lock()


@contextlib.contextmanager
def _fixed_message_id(message_id: str) -> Iterator[None]:
    """Apprise's mail gives every email a fresh Message-ID and takes none from its caller; a message
    sent again (the sender was killed between the server's yes and the record) must carry the same
    one, so its ``make_msgid`` answers ours for the length of one send."""
    module = sys.modules.get("apprise.plugins.email.base")
    if module is None or not hasattr(module, "make_msgid"):
        yield
        return
    with _MESSAGE_ID_LOCK:
        original = module.make_msgid
        module.make_msgid = lambda *args, **kwargs: message_id
        try:
            yield
        finally:
            module.make_msgid = original
