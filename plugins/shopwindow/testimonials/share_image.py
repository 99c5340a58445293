"""The 1200x630 Open Graph image of a testimonial: quote excerpt, stars and author, drawn with Pillow
(over the poster of a video testimonial)."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import os
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..sanitise import excerpt

logger = logging.getLogger(__name__)

SIZE = (1200, 630)
# Fonts with Latin and Cyrillic (ru) and Romanian diacritics, looked for in this order.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
BACKGROUND, INK, MUTED, STAR = "#14213d", "#ffffff", "#c9d3e6", "#fca311"


@functools.cache
def _font_path(configured: str) -> str | None:
    if configured:
        return configured
    found = next((p for p in FONT_CANDIDATES if os.path.isfile(p)), None)
    if found is None:
        logger.warning(
            "No TrueType font with Cyrillic found for share images; set SHARE_IMAGE_FONT "
            "(Debian: apt-get install fonts-dejavu-core)"
        )
    return found


@functools.cache
def _font(configured: str, size: int) -> ImageFont.FreeTypeFont:
    path = _font_path(configured)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


@functools.cache
def drawing_inputs(configured_font: str) -> tuple:
    """What shapes every share image besides its testimonial: this module's code, Pillow, the font."""
    path = _font_path(configured_font)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    font = (path, stat.st_size, stat.st_mtime_ns) if stat else (path,)
    return code, PIL.__version__, font, SIZE


@functools.cache
def _has_glyph(configured: str, char: str) -> bool:
    """Whether the font draws ``char`` as itself, not as the box it draws for a character it lacks."""
    font = _font(configured, 46)
    return bytes(font.getmask(char)) != bytes(font.getmask("\U0010fffd")) or char.isspace()


def missing_glyphs(text: str, configured_font: str = "") -> str:
    """The characters of ``text`` the share image's font has no glyph for, each once, in order."""
    return "".join(dict.fromkeys(c for c in text if not _has_glyph(configured_font, c)))


def font_name(configured_font: str = "") -> str:
    path = _font_path(configured_font)
    return Path(path).name if path else "Pillow's default font"


def _wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    if len(lines) == max_lines and " ".join(lines) != " ".join(text.split()):
        lines[-1] = excerpt(lines[-1] + " …", len(lines[-1]))
    return lines


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, filled: bool) -> None:
    points = []
    for i in range(10):
        angle = math.pi / 2 + i * math.pi / 5
        radius = r if i % 2 == 0 else r * 0.45
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=STAR if filled else None, outline=STAR, width=3)


def _background(poster: str) -> Image.Image:
    """The card's ground: a video testimonial's poster (its first frame), filling the image and
    darkened so the words stay legible on it; else the plain colour."""
    if not poster:
        return Image.new("RGB", SIZE, BACKGROUND)
    with Image.open(poster) as frame:
        filled = ImageOps.fit(frame.convert("RGB"), SIZE, Image.Resampling.LANCZOS)
    return Image.blend(filled, Image.new("RGB", SIZE, BACKGROUND), 0.72)


def share_image(
    quote: str, rating: int | None, author: str, business: str, font: str = "", poster: str = ""
) -> bytes:
    """The PNG; ``poster``: the path of a video testimonial's poster, drawn behind the words."""
    image = _background(poster)
    draw = ImageDraw.Draw(image)
    margin = 80
    y = 70
    if rating:
        for i in range(5):
            _star(draw, margin + 28 + i * 64, y + 28, 28, i < rating)
        y += 90
    quote_font = _font(font, 46)
    for line in _wrap(f"“{excerpt(quote, 220)}”", quote_font, SIZE[0] - 2 * margin, 5):
        draw.text((margin, y), line, font=quote_font, fill=INK)
        y += 60
    small = _font(font, 34)
    draw.text((margin, SIZE[1] - 120), f"— {author}", font=small, fill=INK)
    draw.text((margin, SIZE[1] - 70), business, font=_font(font, 28), fill=MUTED)
    out = io.BytesIO()
    image.save(out, "PNG")  # zlib's default level: 4x faster than optimize=True, 6% larger
    return out.getvalue()
