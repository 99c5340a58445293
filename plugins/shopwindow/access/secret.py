"""The site secret: ``SHOPWINDOW_SECRET`` from the environment, else the file ``secret_path``
(``.shopwindow/secret``), made on first use (0600) on a developer's machine.

A CI build (the environment sets ``CI``) or a publish build (``SITEURL`` is a public address) takes it
from the environment only: never a developer's file, never a new one (every deploy would change every
job's link and code). A secret that is plainly not random (one
byte repeated, a short pattern, a counting sequence) is refused wherever it comes from: every job's
address, code and key derive from it.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
from pathlib import Path

from ..atomic import SELF_IGNORING, ignore_itself, make_folders
from ..errors import ShopwindowError
from ..settings import publish_build, shopwindow_settings
from .format import parse_secret

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "SHOPWINDOW_SECRET"
MAKE_ONE = 'python3 -c "import secrets; print(secrets.token_hex(32))"'
# 32 random bytes show about 30 different values; fewer than 16 happens by chance with a probability
# far below 1e-12, so a secret with fewer was typed or patterned by a person.
MIN_DISTINCT_BYTES = 16


class SecretError(ShopwindowError):
    """The secret is present but unusable; the message says where it came from."""


def secret_path(settings: dict) -> Path:
    """Where the secret file is: ``secret_path``, from the site's folder (``site_folder``)."""
    return Path(shopwindow_settings(settings).secret_path)


def weakness(secret: bytes) -> str | None:
    """Why ``secret`` cannot be random, or None."""
    distinct = len(set(secret))
    if distinct == 1:
        return "is one byte repeated"
    if distinct < MIN_DISTINCT_BYTES:
        return f"has only {distinct} different byte values"
    if len({(b - a) % 256 for a, b in itertools.pairwise(secret)}) == 1:
        return "is a counting sequence"
    return None


def _checked(text: str, origin: str) -> bytes:
    try:
        secret = parse_secret(text)
    except ValueError as error:
        raise SecretError(f"{origin}: {error}") from None
    problem = weakness(secret)
    if problem:
        raise SecretError(
            f"{origin}: the site secret {problem}, so it is not random and anyone could guess "
            f"every job's code; make a new one with: {MAKE_ONE}"
        )
    return secret


def make_secret_file(path: Path) -> bool:
    """Write a new random secret to ``path`` (mode 0600) unless it exists; True if it wrote one."""
    make_folders(path.parent)
    if path.parent.name == SELF_IGNORING:  # made by an earlier version, or by hand
        ignore_itself(path.parent)
    # O_EXCL: two processes starting at once never both write a secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return True


def load_secret(settings: dict, create: bool = True) -> bytes:
    """The 32-byte site secret. A development checkout gets a new random one on first use."""
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return _checked(from_environment, ENVIRONMENT_VARIABLE)
    reason = publish_build(settings)
    if reason:
        raise SecretError(
            f"{ENVIRONMENT_VARIABLE} is not set, and {reason}: it never uses a developer's secret "
            f"file, and a new secret would change every job's link and code. Set "
            f"{ENVIRONMENT_VARIABLE} to the site's secret (64 hex characters; a new site makes one "
            f"with: {MAKE_ONE})"
        )
    path = secret_path(settings)
    if create and make_secret_file(path):
        # Information, not a warning: a first build of a new site is meant to make it, and a
        # site built with ``--fatal warnings`` must not fail for it.
        logger.info(
            "shopwindow: %s: made a new site secret for this checkout (keep it; never commit it)",
            path,
        )
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise SecretError(
            f"{path}: no site secret; set {ENVIRONMENT_VARIABLE} or build once"
        ) from None
    return _checked(text, str(path))
