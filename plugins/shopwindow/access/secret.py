"""The site secret: SHOPWINDOW_SECRET in CI, else ``.shopwindow/secret``, made on first use (0600)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from .format import parse_secret

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "SHOPWINDOW_SECRET"


class SecretError(ValueError):
    """The secret is present but unusable; the message says where it came from."""


def secret_path(settings: dict) -> Path:
    return Path(settings.get("SECRET_PATH") or Path(".shopwindow") / "secret")


def load_secret(settings: dict, create: bool = True) -> bytes:
    """The 32-byte site secret. A development checkout gets a new random one on first use."""
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        try:
            return parse_secret(from_environment)
        except ValueError as error:
            raise SecretError(f"{ENVIRONMENT_VARIABLE}: {error}") from None
    path = secret_path(settings)
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once never both write a secret.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            logger.warning(
                "%s: made a new site secret for this checkout (keep it; never commit it)", path
            )
    try:
        return parse_secret(path.read_text())
    except FileNotFoundError:
        raise SecretError(
            f"{path}: no site secret; set {ENVIRONMENT_VARIABLE} or build once"
        ) from None
    except ValueError as error:
        raise SecretError(f"{path}: {error}") from None
