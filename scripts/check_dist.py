"""Check a release before it is published (the release workflow runs this; so does a test):

    python scripts/check_dist.py dist/

- ``twine check`` on the sdist and the wheel (metadata, the README renders on PyPI);
- the version of both is the project's, and CHANGELOG.md has a section for it;
- the wheel, with its extras, installs into a fresh venv, where ``shopwindow init`` makes a new shop's
  site, Pelican builds it with ``--fatal errors`` and ``shopwindow check`` passes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run(*command, **kwargs) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def main(argv: list[str]) -> int:
    dist = Path(argv[0] if argv else "dist")
    version = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["version"]
    wheels = sorted(dist.glob(f"shopwindow-{version}-*.whl"))
    sdists = sorted(dist.glob(f"shopwindow-{version}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"{dist}: expected one wheel and one sdist of version {version}", file=sys.stderr)
        return 1
    changelog = (PROJECT / "CHANGELOG.md").read_text()
    if not re.search(rf"^## {re.escape(version)}\b", changelog, re.MULTILINE):
        print(f"CHANGELOG.md: no section '## {version}'", file=sys.stderr)
        return 1
    run(sys.executable, "-m", "twine", "check", "--strict", wheels[0], sdists[0])
    env = {
        k: v for k, v in os.environ.items() if k not in ("CI", "SHOPWINDOW_SECRET", "VIRTUAL_ENV")
    }
    with tempfile.TemporaryDirectory(prefix="shopwindow-release-") as folder:
        venv, site = Path(folder) / "venv", Path(folder) / "site"
        run(sys.executable, "-m", "venv", venv)
        run(venv / "bin" / "python", "-m", "pip", "install", "--quiet",
            f"{wheels[0]}[video,messages]")  # fmt: skip
        run(venv / "bin" / "shopwindow", "init", site, "--name", "Release Check", "--lang", "en",
            env=env, stdin=subprocess.DEVNULL)  # fmt: skip
        run(venv / "bin" / "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
            "--fatal", "errors", cwd=site, env=env)  # fmt: skip
        run(venv / "bin" / "shopwindow", "check", "output", cwd=site, env=env)
    print(f"shopwindow {version}: sdist and wheel checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
