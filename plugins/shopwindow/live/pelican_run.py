"""Pelican, as ``shopwindow watch`` runs it: Pelican's own command with its plain log handler, every log
record written to standard error as one JSON line (level, logger, message), so the watcher reads what
Pelican reported instead of scraping its coloured output."""

from __future__ import annotations

import json
import logging
import sys


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        return json.dumps({"level": record.levelname, "logger": record.name, "message": message})


def main() -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines())
    logging.basicConfig(
        level=logging.WARNING, handlers=[handler]
    )  # Pelican's own basicConfig is then a no-op
    from pelican import main as pelican_main

    try:
        pelican_main([*sys.argv[1:], "--log-handler", "plain"])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
