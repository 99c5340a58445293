"""Run a command with every Python process's clock moved by DAYS (``make test-any-day`` runs the suite a
year ahead and a year back): every expectation that depends on "now" must pin SHOPWINDOW_TODAY.

    python scripts/any_day.py 365 -- make test

Each Python process started under it (pytest, the pelican and shopwindow commands the tests run, in
any venv of this Python version) starts with its wall clock (time.time, datetime.now, date.today) moved
by DAYS, through time-machine installed into a folder of its own and a ``sitecustomize`` on
PYTHONPATH; the monotonic clock, timed waits and file times stay the machine's, as they would if the
machine's date were wrong. (Debian's faketime moves the monotonic clock too, and Python's timed waits
then hang: its libfaketime does not see ``sem_clockwait``.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

VARIABLE = "SHOPWINDOW_CLOCK_SHIFT_DAYS"
SITECUSTOMIZE = f'''"""Written by scripts/any_day.py: this process's wall clock, moved by ${VARIABLE} days."""
import os

if os.environ.get("{VARIABLE}"):
    import datetime

    import time_machine

    _shift = datetime.timedelta(days=int(os.environ["{VARIABLE}"]))
    time_machine.travel(datetime.datetime.now(datetime.timezone.utc) + _shift, tick=True).start()
'''


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python scripts/any_day.py DAYS -- COMMAND ...", file=sys.stderr)
        return 2
    days = int(argv[0])
    with tempfile.TemporaryDirectory(prefix="any-day-") as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", folder, "time-machine"],
            check=True,
        )
        # Not a pytest plugin here: pytest would find it by its entry point in every venv, already
        # imported (by sitecustomize), and warn (an error under -W error).
        for entry_points in Path(folder).glob("time_machine-*.dist-info/entry_points.txt"):
            entry_points.unlink()
        Path(folder, "sitecustomize.py").write_text(SITECUSTOMIZE)
        path = os.pathsep.join(p for p in (folder, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path, VARIABLE: str(days)}
        shown = subprocess.run(
            [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        print(f"any_day: the clock moved by {days} days: today is {shown}", flush=True)
        return subprocess.run(argv[2:], env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
