"""Unlock time in Chromium (code entered -> view shown) against a bare WebCrypto PBKDF2 of the same
iterations, measured in the same page, alternating, so both see the same machine and browser."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Server, build_site, median, report

ROUNDS = 9
UNLOCK = """async (code) => {
  const view = document.getElementById('view');
  document.getElementById('access-code').value = code;
  const shown = new Promise((resolve) => {
    const observer = new MutationObserver(() => { if (!view.hidden) { observer.disconnect(); resolve(); } });
    observer.observe(view, {attributes: true});
  });
  const start = performance.now();
  document.getElementById('unlock-form').requestSubmit();
  await shown;
  return performance.now() - start;
}"""
BARE = """async ([code, iterations]) => {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const start = performance.now();
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveBits']);
  await crypto.subtle.deriveBits({name: 'PBKDF2', hash: 'SHA-256', salt, iterations}, base, 256);
  return performance.now() - start;
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="bench-unlock-"))
    body = "\n\n".join(
        f"Paragraph {i} of the estimate, with the parts and the labour." for i in range(200)
    )
    build = build_site(
        root,
        {
            "jobs/B-1/job.md": "Title: Bench\n\n## 2026-11-21 10:30 · received\nIn.\n",
            "pages/estimate.md": f"Title: Estimate\nAccess: B-1\n\n{body}\n",
        },
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "shopwindow"),
            "--settings",
            str(build.conf),
            "job",
            "link",
            "B-1",
            "--json",
            "--local",  # served from this machine
        ],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    info = json.loads(result.stdout)
    path = info["pages"][0]["url"].split("/", 3)[3].split("#")[0]
    iterations = json.loads(
        (build.output / path / "index.html")
        .read_text()
        .split('id="shopwindow-lock">')[1]
        .split("</script>")[0]
    )["iterations"]
    unlocks, bares = [], []
    with sync_playwright() as playwright, Server(build.output) as server:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page()
        for _ in range(ROUNDS):
            page.goto(f"{server.url}/{path}")
            page.wait_for_load_state("load")
            unlocks.append(page.evaluate(UNLOCK, info["code"]))
            page.goto(f"{server.url}/{path}")
            page.wait_for_load_state("load")
            bares.append(page.evaluate(BARE, [info["code"].replace("-", ""), iterations]))
        browser.close()
    unlock, bare = median(unlocks), median(bares)
    overhead = unlock / bare - 1
    report(
        "unlock in Chromium (code entered -> view shown)",
        {
            "iterations": f"{iterations}",
            "unlock, median": f"{unlock:.1f} ms  (all: {', '.join(f'{u:.0f}' for u in unlocks)})",
            "bare PBKDF2, median": f"{bare:.1f} ms  (all: {', '.join(f'{b:.0f}' for b in bares)})",
            "ratio unlock/bare": f"{unlock / bare:.3f}  (overhead {overhead * 100:.1f}%, target < 20%)",
        },
    )


if __name__ == "__main__":
    main()
