"""Photo pipeline throughput on phone-sized JPEGs, against a plain Pillow loop doing the same decode
(JPEG draft), orientation, resize to the same widths and encode (same quality, optimize, progressive)
on all cores in the same run. Then a second build with nothing changed, against plain Pelican building
the same number of Markdown files without Shopwindow's plugins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import BENCH_SECRET, PROJECT, build_site, report
from pelican.plugins.shopwindow.access.photo_cache import SealedPhotoCache
from pelican.plugins.shopwindow.parallel import workers
from pelican.plugins.shopwindow.photos import PhotoSettings
from pelican.plugins.shopwindow.photos.batch import warm_cache

COUNT = int(os.environ.get("BENCH_PHOTOS", "200"))
SIZE = (4032, 3024)
CORPUS = PROJECT / "bench" / "corpus"
SETTINGS = PhotoSettings()


def make_corpus() -> list[Path]:
    """Phone-sized JPEGs with texture (noise and gradients decode like photos), EXIF orientation 1 or 6."""
    from PIL import Image, ImageChops

    CORPUS.mkdir(parents=True, exist_ok=True)
    paths = [CORPUS / f"IMG_{i:04d}.jpg" for i in range(COUNT)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        noise = Image.effect_noise(SIZE, 48).convert("RGB")
        for path in missing:
            i = int(path.stem[4:])
            gradient = Image.linear_gradient("L").resize(SIZE).convert("RGB")
            tint = Image.new("RGB", SIZE, ((i * 37) % 255, (i * 91) % 255, (i * 53) % 255))
            image = ImageChops.add(ImageChops.multiply(gradient, tint), noise, scale=1.6)
            exif = Image.Exif()
            exif[0x0112] = 6 if i % 4 == 0 else 1
            exif[0x010F] = "BenchCam"
            image.save(path, "JPEG", quality=88, exif=exif.tobytes())
    return paths


def plain_one(path: str) -> int:
    """What any Pillow script would do: draft decode, orient, resize to each width, encode."""
    import io

    from PIL import Image, ImageOps

    image = Image.open(path)
    widest = SETTINGS.widths[-1]
    scale = widest / max(image.size)
    image.draft("RGB", (int(image.width * scale) + 1, int(image.height * scale) + 1))
    image = ImageOps.exif_transpose(image)
    width, height = image.size
    total = 0
    # The same renditions: each width under the photo's, and the photo itself capped at the widest.
    for w in sorted({w for w in SETTINGS.widths if w < width} | {min(width, SETTINGS.widths[-1])}):
        out = io.BytesIO()
        image.resize((w, round(height * w / width)), Image.Resampling.LANCZOS).save(
            out, "JPEG", quality=SETTINGS.quality, optimize=True, progressive=True
        )
        total += out.tell()
    return total


def plain_loop(paths: list[Path]) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers()) as pool:
        list(pool.map(plain_one, [str(p) for p in paths], chunksize=1))
    return time.perf_counter() - start


def ours(paths: list[Path]) -> float:
    folder = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    cache = SealedPhotoCache(folder, BENCH_SECRET)  # job photos: the cache keeps them encrypted
    start = time.perf_counter()
    processed = warm_cache(paths, SETTINGS, cache)
    elapsed = time.perf_counter() - start
    assert processed == len(paths)
    assert warm_cache(paths, SETTINGS, cache) == 0, "a second pass processes nothing"
    shutil.rmtree(folder)
    return elapsed


def second_build(paths: list[Path]) -> None:
    jobs = max(1, len(paths) // 10)
    root = Path(tempfile.mkdtemp(prefix="bench-build-"))
    files: dict[str, str | bytes] = {}
    for j in range(jobs):
        names = [p.name for p in paths[j * 10 : (j + 1) * 10]]
        log = "".join(f"![photo]({n})\n" for n in names)
        files[f"jobs/B-{j}/job.md"] = (
            f"Title: Job {j}\nPromised: 2026-12-01\n\n## 2026-11-21 10:30 · repair\nWork.\n{log}"
        )
    for j in range(jobs):
        folder = root / "content" / "jobs" / f"B-{j}"
        folder.mkdir(parents=True)
        for path in paths[j * 10 : (j + 1) * 10]:
            os.link(path, folder / path.name)
    build_site(root, files)  # cold: fills the photo cache
    command = [
        str(Path(sys.executable).parent / "pelican"),
        str(root / "content"),
        "-s",
        str(root / "testconf.py"),
        "-o",
        str(root / "output"),
        "-v",
        "--fatal",
        "errors",
    ]
    start = time.perf_counter()
    env = {**os.environ, "COLUMNS": "400"}
    log = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=root, env=env
    ).stdout
    warm = time.perf_counter() - start
    processed = next(line for line in log.splitlines() if "photo(s) processed" in line)
    processed = processed.split("shopwindow.access: ")[-1].split("  ")[0].strip()
    plain_root = Path(tempfile.mkdtemp(prefix="bench-plain-"))
    for j in range(jobs):
        (plain_root / "content").mkdir(exist_ok=True)
        (plain_root / "content" / f"job-{j}.md").write_text(
            files[f"jobs/B-{j}/job.md"].replace("Promised", "Date: 2026-11-21\nX")
        )
    (plain_root / "conf.py").write_text(
        "SITENAME='plain'\nPATH='content'\nTIMEZONE='UTC'\nPLUGINS=[]\n"
    )
    command = [
        str(Path(sys.executable).parent / "pelican"),
        "content",
        "-s",
        "conf.py",
        "-o",
        "output",
        "--fatal",
        "errors",
    ]
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=plain_root)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=plain_root)
    plain = time.perf_counter() - start
    report(
        "second build, nothing changed",
        {
            "site": f"{jobs} jobs, {jobs * 10} photos",
            "shopwindow build": f"{warm:.2f} s ({processed})",
            "plain Pelican, same number of Markdown files": f"{plain:.2f} s",
            "ratio": f"{warm / plain:.2f}",
        },
    )


def main() -> None:
    paths = make_corpus()
    # Warm the OS file cache for both, then alternate: ours, plain, ours, plain.
    for path in paths:
        path.read_bytes()
    ours_times, plain_times = [], []
    for _ in range(2):
        ours_times.append(ours(paths))
        plain_times.append(plain_loop(paths))
    best_ours, best_plain = min(ours_times), min(plain_times)
    report(
        f"photo pipeline, {len(paths)} JPEGs {SIZE[0]}x{SIZE[1]}, {workers()} workers",
        {
            "shopwindow pipeline": f"{len(paths) / best_ours:.1f} photos/s ({best_ours:.2f} s; runs {', '.join(f'{t:.2f}' for t in ours_times)})",
            "plain Pillow loop": f"{len(paths) / best_plain:.1f} photos/s ({best_plain:.2f} s; runs {', '.join(f'{t:.2f}' for t in plain_times)})",
            "ratio time ours/plain": f"{best_ours / best_plain:.3f} (target <= 1.15)",
        },
    )
    second_build(paths)


if __name__ == "__main__":
    main()
