"""A big shop's build: the example site plus BENCH_JOBS generated jobs and as many testimonials
(10,000 each by default), built cold and again with nothing changed, against baselines measured in
the same run:

- plain Pelican (no plugins, Pelican's own theme) building the same number of Markdown files;
- the cold build's floor: one PBKDF2 of the site's ``kdf_iterations`` per job page divided by the
  cores, plus plain Pelican, plus the plain Pillow loop on the corpus' photos on every core.

Peak memory is the largest resident size of the build's process tree, sampled every 0.1 s."""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import PROJECT, report
from corpus import TODAY, make_corpus, markdown_files, plain_copy
from pelican.plugins.shopwindow.access.format import derive, wrap_content_key
from pelican.plugins.shopwindow.parallel import workers
from photos import plain_loop

JOBS = int(os.environ.get("BENCH_JOBS", "10000"))
TESTIMONIALS = int(os.environ.get("BENCH_TESTIMONIALS", str(JOBS)))
PHOTO_EVERY = 50  # one generated job in 50 has two phone photos
PELICAN = Path(sys.executable).parent / "pelican"


def add_photos(content: Path) -> list[Path]:
    from PIL import Image

    photos = []
    noise = Image.effect_noise((1600, 1200), 40).convert("RGB")
    for n, job in enumerate(sorted((content / "jobs").glob("G-*"))):
        if n % PHOTO_EVERY:
            continue
        for k in range(2):
            out = io.BytesIO()
            Image.blend(noise, Image.new("RGB", noise.size, (n % 255, 90, k * 120)), 0.5).save(
                out, "JPEG", quality=85
            )
            path = job / f"IMG_{k}.jpg"
            path.write_bytes(out.getvalue())
            photos.append(path)
        with (job / "job.md").open("a", encoding="utf-8") as handle:
            handle.write("![Before](IMG_0.jpg)\n![After](IMG_1.jpg)\n")
    return photos


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run(command: list, cwd: Path, env: dict) -> tuple[float, int]:
    """(seconds, peak resident bytes of the process tree) of one command that must succeed."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command], cwd=cwd, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{command} failed:\n{output[-4000:]}")
    return elapsed, peak


def pbkdf2_times(iterations: int, count: int = 5) -> list[float]:
    """Seconds of single PBKDF2 runs, one after another on one core."""
    keys = derive(b"\x5a" * 16 + bytes(range(16)), "BENCH-1")
    times = []
    for _ in range(count):
        start = time.perf_counter()
        wrap_content_key(keys, iterations)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-build-"))
    content = make_corpus(folder, JOBS, TESTIMONIALS)
    add_photos(content)
    photos = sorted(
        p for p in content.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".heic")
    )
    files = markdown_files(content)
    conf = folder / "benchconf.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        "from pelicanconf import *\n"
        f"PATH = {str(content)!r}\n"
        f"OUTPUT_PATH = {str(folder / 'output')!r}\n"
        f"CACHE_PATH = {str(folder / 'cache')!r}\n"
        f"SHOPWINDOW = {{**SHOPWINDOW, 'secret_path': {str(folder / 'secret')!r}, 'cameras': {{}}}}\n"
    )
    os.environ["SHOPWINDOW_TODAY"] = TODAY.isoformat()  # the jobs are built as of then
    env = {**os.environ, "COLUMNS": "300"}
    env.pop("SHOPWINDOW_ALLOW_WEAK_KDF", None)
    env.pop("CI", None)
    build = [PELICAN, content, "-s", conf, "-o", folder / "output", "--fatal", "errors", "-q"]

    # Baselines: plain Pelican on the same number of Markdown files (its best of two), PBKDF2, photos.
    plain_content = plain_copy(content, folder)
    (folder / "plainconf.py").write_text(
        "SITENAME = 'plain'\nTIMEZONE = 'UTC'\nPLUGINS = []\nDEFAULT_PAGINATION = False\n"
    )
    plain_build = [PELICAN, plain_content, "-s", folder / "plainconf.py", "-o",
                   folder / "plain-output", "--fatal", "errors", "-q"]  # fmt: skip
    plain = min(run(plain_build, folder, env)[0] for _ in range(2))
    from pelican.plugins.shopwindow.settings import shopwindow_settings
    from pelican.settings import read_settings

    iterations = shopwindow_settings(read_settings(str(conf)))["kdf_iterations"]
    samples = pbkdf2_times(iterations)
    cold, cold_peak = run(build, folder, env)
    samples += pbkdf2_times(iterations)  # before and after: the machine's speed over the build
    one_kdf = statistics.median(samples)
    locks = sum(
        1
        for page in (folder / "output" / "j").rglob("index.html")
        if 'id="shopwindow-lock"' in page.read_text()
    )
    rebuild, rebuild_peak = run(build, folder, env)
    photo_floor = plain_loop(photos) if photos else 0.0
    kdf_floor = locks * one_kdf / workers()
    floor = kdf_floor + plain + photo_floor
    report(
        f"build: example site + {JOBS:,} jobs + {TESTIMONIALS:,} testimonials "
        f"({files:,} Markdown files, {len(photos)} photos), {workers()} cores",
        {
            "plain Pelican, same number of Markdown files": f"{plain:.1f} s",
            "no-change rebuild": f"{rebuild:.1f} s",
            "ratio rebuild/plain": f"{rebuild / plain:.2f} (target <= 2)",
            "PBKDF2": f"{one_kdf * 1000:.0f} ms (median of {len(samples)}, before and after) x "
            f"{locks:,} locks / {workers()} cores = {kdf_floor:.1f} s ({iterations:,} iterations)",
            "photo floor (plain Pillow loop, every core)": f"{photo_floor:.1f} s",
            "cold build": f"{cold:.1f} s",
            "cold floor (PBKDF2 + plain + photos)": f"{floor:.1f} s",
            "ratio cold/floor": f"{cold / floor:.2f} (target <= 1.3)",
            "peak memory, cold build": f"{cold_peak / 2**20:.0f} MiB (target < 1024)",
            "peak memory, rebuild": f"{rebuild_peak / 2**20:.0f} MiB",
        },
    )
    if os.environ.get("BENCH_KEEP"):
        print(f"  (kept {folder})")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
