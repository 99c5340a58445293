"""The command ``shopwindow watch --publish`` runs, and what it must say: where the checked snapshot of
the output goes in (``{folder}``). Light on purpose: the command line checks it before anything runs."""

from __future__ import annotations

from ..errors import ShopwindowError

FOLDER = "{folder}"
FOLDER_VARIABLE = "SHOPWINDOW_PUBLISH_FOLDER"


class PublishCommandError(ShopwindowError):
    """A publish command that does not say where the checked snapshot goes in."""


def check_command(command: str) -> str:
    if FOLDER not in command and FOLDER_VARIABLE not in command:
        raise PublishCommandError(
            f"--publish: {command!r} does not name the folder to publish as {FOLDER}: the watcher "
            f"publishes a checked snapshot of the output, never the output while it is being "
            f'written. For example: --publish "rsync -a --delete {FOLDER}/ shop@host:/var/www/site/"'
        )
    return command
