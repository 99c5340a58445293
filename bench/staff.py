"""The staff page: the time from "Send" on a phone (a 12 MP photo posted to the page that
``shopwindow watch --staff`` serves) to the change in the customer's sealed view on disk, against
``shopwindow job update`` with the same photo in the same run (the command a desk would run: its start
included, as staff wait for it). Debounce included in both. Rounds alternate between the two."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from common import build_site, latency, report, watching
from corpus import TODAY
from PIL import Image

ROUNDS = int(os.environ.get("BENCH_STAFF_ROUNDS", "20"))
SHOPWINDOW = Path(sys.executable).parent / "shopwindow"


def phone_photo() -> bytes:
    """A 12 MP (4000 x 3000) JPEG with a phone camera's noise, about 4 MB."""
    noise = Image.effect_noise((4000, 3000), 30).convert("RGB")
    out = io.BytesIO()
    Image.blend(noise, Image.new("RGB", noise.size, (120, 90, 60)), 0.5).save(
        out, "JPEG", quality=90
    )
    return out.getvalue()


def paired_phone(build, base: str) -> httpx.Client:
    made = subprocess.run([SHOPWINDOW, "--settings", str(build.conf), "staff", "pair", "--name",
                           "Bench phone", "--url", base, "--json"],
                          capture_output=True, text=True, check=True, cwd=build.root)  # fmt: skip
    phone = httpx.Client(base_url=base, headers={"origin": base}, timeout=60)
    page = phone.get(json.loads(made.stdout)["url"]).text
    phone.post("/pair", data={"token": re.search(r'name="token" value="([^"]+)"', page).group(1)})
    return phone


def main() -> None:
    from tests.sitebuild import free_port

    os.environ["SHOPWINDOW_ALLOW_WEAK_KDF"] = "1"  # a throw-away site
    os.environ["SHOPWINDOW_TODAY"] = TODAY.isoformat()
    root = Path(tempfile.mkdtemp(prefix="bench-staff-"))
    job = (f"Title: Brakes\nCustomer: Ion P.\nPromised: {TODAY}\nStatus: active\n\n"
           f"## {TODAY} 08:00 · received\nIn.\n")  # fmt: skip
    build = build_site(root, {"jobs/B-1/job.md": job}, {"kdf_iterations": 1000})
    port = free_port()
    proc, view, log = watching(root, build, "B-1", "--staff", f"127.0.0.1:{port}")
    phone = paired_phone(build, f"http://127.0.0.1:{port}")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', phone.get("/jobs/B-1").text).group(1)
    photo = phone_photo()
    on_disk = root / "IMG_phone.jpg"
    on_disk.write_bytes(photo)

    def send() -> None:
        answer = phone.post("/jobs/B-1/update", data={"csrf": csrf, "stage": "repair"},
                            files=[("files", ("IMG_phone.jpg", photo, "image/jpeg"))])  # fmt: skip
        assert answer.status_code == 303, answer.text[-500:]

    def command() -> None:
        subprocess.run([SHOPWINDOW, "--settings", str(build.conf), "job", "update", "B-1",
                        "--stage", "repair", str(on_disk)], check=True, cwd=root,
                       capture_output=True)  # fmt: skip

    page, desk = [], []
    for _ in range(ROUNDS):
        page.append(latency(view, send, log))
        desk.append(latency(view, command, log))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    phone.close()
    shutil.rmtree(root, ignore_errors=True)

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    report(
        f"staff page: Send -> sealed view changed, 12 MP photo ({len(photo) / 1e6:.1f} MB, "
        f"{ROUNDS} rounds each; debounce included)",
        {
            "staff page (watch --staff)": f"median {statistics.median(page) * 1000:.0f} ms, "
            f"p95 {p95(page) * 1000:.0f} ms (target <= 2000)",
            "shopwindow job update": f"median {statistics.median(desk) * 1000:.0f} ms, "
            f"p95 {p95(desk) * 1000:.0f} ms",
            "ratio page/command": f"median {statistics.median(page) / statistics.median(desk):.2f}, "
            f"p95 {p95(page) / p95(desk):.2f} (target <= 1.2)",
        },
    )


if __name__ == "__main__":
    main()
