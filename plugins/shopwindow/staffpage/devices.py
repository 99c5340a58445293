"""The staff page's paired devices: pairing by a one-time token, a long random key per device, revoking.

Kept in ``staff-devices.json`` beside the site secret (0600, written whole and renamed, under a lock):
of each device its name, when it was paired and last used, and the SHA-256 of its key (the key itself
is only ever in the phone's cookie; a long random key needs no slow hash). A pairing is a token for the
QR code and a short code to type, both stored as hashes, usable once, for ``PAIRING_MINUTES``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock

from ..access.secret import secret_path
from ..atomic import write_atomically
from ..clock import now
from ..errors import ShopwindowError

STORE_FILE = "staff-devices.json"
PAIRING_MINUTES = 10
SHORT_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen and typed
SHORT_CODE_LENGTH = 8
LAST_USE_EVERY = dt.timedelta(minutes=1)  # a device's last use is written at most this often


class DeviceError(ShopwindowError):
    """A pairing or revoking that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class Device:
    name: str
    key_hash: str
    paired: str  # ISO time
    last_used: str = ""  # ISO time, or "" (never)


@dataclass(frozen=True)
class Pairing:
    name: str
    token: str  # in the QR code's link
    short_code: str  # to type, as shown (ABCD-EFGH)
    expires: dt.datetime


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normal_short_code(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


class DeviceStore:
    def __init__(self, settings: dict):
        self.path = secret_path(settings).parent / STORE_FILE

    @contextlib.contextmanager
    def _changing(self) -> Iterator[dict]:
        """The store's data, held under its lock and written back whole when the block ends."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(self.path.with_name(STORE_FILE + ".lock"), mode=0o600):
            data = self._read()
            yield data
            write_atomically(self.path, json.dumps(data, indent=1).encode(), mode=0o600)

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as error:
            raise DeviceError(f"{self.path}: cannot be read ({error}); fix or remove it") from None
        data.setdefault("devices", [])
        data.setdefault("pairings", [])
        return data

    def served_at(self) -> str:
        """The staff page's address as ``staff serve`` last said it (for ``staff pair``'s link)."""
        return self._read().get("served_at", "")

    def note_served_at(self, url: str) -> None:
        with self._changing() as data:
            data["served_at"] = url

    def devices(self) -> list[Device]:
        return [Device(**entry) for entry in self._read()["devices"]]

    def start_pairing(self, name: str) -> Pairing:
        """A one-time pairing for a device to be called ``name`` (unique among the paired ones)."""
        name = " ".join(name.split())
        if not name or len(name) > 60:
            raise DeviceError('--name: 1 to 60 characters, e.g. "Ion, lift 2"')
        token = secrets.token_urlsafe(24)
        short = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
        expires = now() + dt.timedelta(minutes=PAIRING_MINUTES)
        with self._changing() as data:
            if any(d["name"].casefold() == name.casefold() for d in data["devices"]):
                raise DeviceError(
                    f'a device named "{name}" is paired already: `shopwindow staff revoke '
                    f'"{name}"` first, or choose another name'
                )
            data["pairings"] = [p for p in data["pairings"] if not _expired(p)]
            data["pairings"].append(
                {
                    "name": name,
                    "token_hash": _hash(token),
                    "short_hash": _hash(short),
                    "expires": expires.isoformat(),
                }
            )
        return Pairing(name, token, f"{short[:4]}-{short[4:]}", expires)

    def pair(self, token: str = "", short_code: str = "") -> tuple[Device, str]:
        """The new device and its key, for a pairing's token or short code, which then ends."""
        wanted = _hash(token) if token else _hash(normal_short_code(short_code))
        field = "token_hash" if token else "short_hash"
        with self._changing() as data:
            found = next(
                (p for p in data["pairings"] if hmac.compare_digest(p[field], wanted)), None
            )
            if found is None or _expired(found):
                raise DeviceError("this pairing code is not known or has expired")
            data["pairings"].remove(found)
            key = secrets.token_urlsafe(32)
            device = Device(found["name"], _hash(key), now().isoformat(timespec="seconds"))
            data["devices"] = [d for d in data["devices"] if d["name"] != device.name]
            data["devices"].append(asdict(device))
        return device, key

    def device(self, key: str) -> Device | None:
        """The paired device holding ``key`` (its last use noted), or None."""
        if not key:
            return None
        wanted = _hash(key)
        for entry in self._read()["devices"]:
            if hmac.compare_digest(entry["key_hash"], wanted):
                device = Device(**entry)
                if _stale(device.last_used):
                    self._note_use(wanted)
                return device
        return None

    def _note_use(self, key_hash: str) -> None:
        with self._changing() as data:
            for entry in data["devices"]:
                if entry["key_hash"] == key_hash:
                    entry["last_used"] = now().isoformat(timespec="seconds")

    def revoke(self, name: str) -> Device:
        with self._changing() as data:
            found = next(
                (d for d in data["devices"] if d["name"].casefold() == name.strip().casefold()),
                None,
            )
            if found is None:
                names = ", ".join(f'"{d["name"]}"' for d in data["devices"]) or "none"
                raise DeviceError(f'no paired device is named "{name}" (paired: {names})')
            data["devices"].remove(found)
        return Device(**found)


def _expired(pairing: dict) -> bool:
    return dt.datetime.fromisoformat(pairing["expires"]) < now()


def _stale(last_used: str) -> bool:
    return not last_used or dt.datetime.fromisoformat(last_used) + LAST_USE_EVERY < now()


def store_path(settings: dict) -> Path:
    return DeviceStore(settings).path
