"""`make demo-cameras`: a pretend camera in each bay of CAMERAS, uploading a frame every few seconds the
way IP cameras do over FTP (written in pieces, named with a timestamp), so the example's live job page
moves while `make serve` runs. Stops after --minutes, or on Ctrl-C."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import time
from pathlib import Path

from pelican.settings import read_settings
from PIL import Image, ImageDraw


def frame(bay: str, when: dt.datetime, step: int) -> bytes:
    image = Image.new("RGB", (1280, 720), (88, 92, 98))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, 1280, 720], fill=(60, 62, 66))
    lift = 380 - int(40 * math.sin(step / 3))
    draw.rectangle([300, lift + 150, 980, lift + 170], fill=(210, 170, 40))
    draw.rounded_rectangle([380, lift, 900, lift + 130], 40, fill=(200, 200, 205))
    draw.polygon(
        [(480, lift), (550, lift - 80), (740, lift - 80), (810, lift)], fill=(200, 200, 205)
    )
    for x in (490, 790):
        draw.ellipse([x - 50, lift + 90, x + 50, lift + 190], fill=(25, 25, 28))
    mechanic = 200 + (step * 37) % 880
    draw.ellipse([mechanic - 25, 420, mechanic + 25, 470], fill=(240, 200, 160))
    draw.rectangle([mechanic - 30, 470, mechanic + 30, 600], fill=(30, 80, 160))
    draw.rectangle([0, 0, 1280, 44], fill=(0, 0, 0))
    draw.text((16, 12), f"{bay}  {when:%Y-%m-%d %H:%M:%S}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=75)
    return out.getvalue()


def upload(folder: Path, name: str, data: bytes) -> None:
    """Like an FTP upload: the file appears first, then fills up."""
    path = folder / name
    with path.open("wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        time.sleep(0.5)
        handle.write(data[len(data) // 2 :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument(
        "--every", type=float, default=5.0, help="seconds between frames (default 5)"
    )
    parser.add_argument("--minutes", type=float, default=3.0, help="how long to run (default 3)")
    args = parser.parse_args()
    cameras = read_settings(args.settings).get("cameras", {})
    if not cameras:
        raise SystemExit("No CAMERAS in the settings.")
    end = time.monotonic() + args.minutes * 60
    step = 0
    try:
        while time.monotonic() < end:
            now = dt.datetime.now().replace(microsecond=0)
            for bay, folder in cameras.items():
                Path(folder).mkdir(parents=True, exist_ok=True)
                upload(Path(folder), f"{bay}_{now:%Y%m%d_%H%M%S}.jpg", frame(bay, now, step))
            print(f"{now:%H:%M:%S} frame {step} into {', '.join(cameras)}", flush=True)
            step += 1
            time.sleep(args.every)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
