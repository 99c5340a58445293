"""The gates every page passes: the Nu Html Checker, axe-core, Lighthouse, and a link check.

The tools come from npm (package.json; `make test` installs them): they are the web's own engineers'
checks, not our opinion of the pages.
"""

from __future__ import annotations

import atexit
import html.parser
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from .sitebuild import PROJECT

NODE_MODULES = PROJECT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_RUNNER = Path(__file__).with_name("lighthouse.mjs")  # runs Lighthouse from node_modules
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


# Lighthouse scores performance on a mid-tier phone by slowing the host's CPU 4x, a factor made for a
# high-end desktop (benchmarkIndex 1500-2000). On a slower host it warns ("The tested device appears to
# have a slower CPU than Lighthouse expects") and the 4x lands on a phone slower than any it means; its
# throttling guide (docs/throttling.md, "Calibrating the CPU slowdown") says to lower the multiplier then:
# 4x from a high-end desktop, 2x from a high-end phone (800-1200) to reach a mid-tier one. We scale with
# the host's own benchmarkIndex so the target stays the same phone: index / 400, between 1 and 4.
TARGET_BENCHMARK_INDEX = 400
_calibration: dict[str, float] = {}


def cpu_slowdown(benchmark_index: float) -> float:
    """The CPU multiplier that turns a host of this benchmarkIndex into Lighthouse's mid-tier phone."""
    return round(min(4.0, max(1.0, benchmark_index / TARGET_BENCHMARK_INDEX)), 2)


class _Lighthouse:
    """One ``tests/lighthouse.mjs`` process (one Chrome) for every Lighthouse run of a test process,
    started at the first run and ended with the process."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None

    def run(self, url: str, categories, multiplier: float | None) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                ["node", str(LIGHTHOUSE_RUNNER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )
            atexit.register(self.close)
        request = {"url": url, "categories": list(categories), "multiplier": multiplier}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"Lighthouse stopped (exit {self.proc.wait()})"
        answer = json.loads(line)
        assert "error" not in answer, f"Lighthouse did not run:\n{answer['error'][-2000:]}"
        return answer

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


_runner = _Lighthouse()


def lighthouse_calibration(url: str) -> dict[str, float]:
    """This host's benchmarkIndex (Lighthouse's own measure, taken in a run on the first page asked
    for) and the CPU multiplier it calls for; measured once per test session."""
    if not _calibration:
        index = _runner.run(url, ("performance",), None)["benchmarkIndex"]
        _calibration.update(benchmark_index=index, cpu_slowdown=cpu_slowdown(index))
    return dict(_calibration)


def lighthouse(url: str, categories=CATEGORIES) -> dict[str, int]:
    """Lighthouse scores (0-100) of one URL, in headless Chromium. Performance is the median of three
    runs (Lighthouse's variability guide: a single run's score varies by several points) with the
    CPU slowdown calibrated to this host."""
    multiplier = (
        lighthouse_calibration(url)["cpu_slowdown"] if "performance" in categories else None
    )
    scores = _runner.run(url, categories, multiplier)["scores"]
    if "performance" in categories:
        runs = [scores["performance"]]
        for _ in range(2):
            runs.append(_runner.run(url, ("performance",), multiplier)["scores"]["performance"])
        scores["performance"] = sorted(runs)[1]
    return scores


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
