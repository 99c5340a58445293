"""The gates every page passes: the Nu Html Checker, axe-core, Lighthouse, and a link check.

The tools come from npm (package.json; `make test` installs them): they are the web's own engineers'
checks, not our opinion of the pages.
"""

from __future__ import annotations

import html.parser
import json
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from .sitebuild import PROJECT

NODE_MODULES = PROJECT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def html_errors(files: list[Path]) -> list[str]:
    """Errors the Nu Html Checker reports, one line each."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(urlparse(m.get('url', '')).path).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def lighthouse(url: str, categories=CATEGORIES) -> dict[str, int]:
    """Lighthouse scores (0-100) of one URL, in headless Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
        command = [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(categories)}",
            f"--chrome-flags={flags}",
        ]
        env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
        assert report.exists(), f"Lighthouse did not run:\n{result.stderr[-2000:]}"
        data = json.loads(report.read_text())
    return {key: round((data["categories"][key]["score"] or 0) * 100) for key in categories}


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (
                name in ("href", "src") or (name == "srcset" and tag in ("img", "source"))
            ):
                if name == "srcset":
                    self.found += [part.strip().split(" ")[0] for part in value.split(",")]
                else:
                    self.found.append(value)


def broken_links(output: Path, siteurl: str = "") -> list[str]:
    """Internal links and asset references in the output's HTML and feeds that point at nothing."""
    problems = []
    for page in sorted(output.rglob("*")):
        if page.suffix not in (".html", ".xml", ".atom"):
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        base = "/" + str(page.relative_to(output).as_posix())
        for link in parser.found:
            if siteurl and link.startswith(siteurl):
                link = link[len(siteurl) :] or "/"
            parsed = urlparse(urljoin(base, link))
            if (
                parsed.scheme
                or parsed.netloc
                or link.startswith(("#", "mailto:", "tel:", "data:", "blob:"))
            ):
                continue
            target = output / unquote(parsed.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(output)}: {link} points at nothing")
    return problems
