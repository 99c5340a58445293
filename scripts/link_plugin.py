"""After `pip install .` into the project's .venv: put a link to plugins/shopwindow where the installed
package is (site-packages/pelican/plugins/shopwindow), so that Pelican's namespace-plugin discovery, the
`shopwindow` command and the tests all run the sources as they are edited. A user's install (the
wheel) is a plain copy; `make test` also installs that wheel in a fresh venv to test it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "plugins" / "shopwindow"


def main(argv: list[str]) -> int:
    """``--unlink`` (before pip installs again): only the link goes, so that pip's uninstall and
    install never delete or write files through it in plugins/shopwindow/."""
    try:
        import pelican
    except ImportError:  # a fresh venv: nothing is linked yet
        return 0
    installed = Path(pelican.__file__).parent / "plugins" / "shopwindow"
    if argv == ["--unlink"]:
        if installed.is_symlink():
            installed.unlink()
        return 0
    if installed.is_symlink():
        installed.unlink()
    elif installed.exists():
        shutil.rmtree(installed)
    installed.symlink_to(SOURCE, target_is_directory=True)
    print(f"{installed} -> {SOURCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
