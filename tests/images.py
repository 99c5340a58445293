"""Images made in the test itself, with the metadata real cameras write (EXIF, GPS, orientation)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_jpeg(
    size: tuple[int, int] = (800, 600),
    orientation: int = 1,
    gps: bool = True,
    make: str = "TestCam",
    comment: str = "",
) -> bytes:
    """A JPEG whose top-left quarter is red and the rest blue, with EXIF (and GPS) as cameras write it."""
    image = Image.new("RGB", size, (20, 40, 200))
    ImageDraw.Draw(image).rectangle([0, 0, size[0] // 2, size[1] // 2], fill=(220, 20, 20))
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = "Model X"
    exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (47.0, 1.0, 30.0), 3: "E", 4: (28.0, 51.0, 0.0)}
    out = io.BytesIO()
    extra = {"comment": comment.encode()} if comment else {}
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), **extra)
    return out.getvalue()


def stored_for_orientation(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores so that applying ``orientation`` shows ``upright``."""
    t = Image.Transpose
    inverse = {
        1: [],
        2: [t.FLIP_LEFT_RIGHT],
        3: [t.ROTATE_180],
        4: [t.FLIP_TOP_BOTTOM],
        5: [t.TRANSPOSE],
        6: [t.ROTATE_90],
        7: [t.TRANSVERSE],
        8: [t.ROTATE_270],
    }[orientation]
    image = upright
    for op in inverse:
        image = image.transpose(op)
    return image
