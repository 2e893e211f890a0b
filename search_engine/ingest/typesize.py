"""The size of a page's type, measured on its image, and the page scaled down to what Tesseract needs.

Tesseract's cost grows with the pixels of a page (finding its layout, binarising, cutting lines), not with
what it recognises: each text line is scaled to the height of its recogniser's input anyway. A page whose
type is larger than Tesseract needs is read as well, and faster, once scaled down; a page of small type must
be left as it is. The size that counts is the x-height (the height of a lower-case x): Tesseract's guidance
("Improving the quality of the output") puts it at about 20 px for 10 pt at 300 dpi, says accuracy falls off
below that on its older engine and that under about 10 px there is little chance of an accurate result.
Measured with Tesseract 5.3's LSTM models on pages rendered from known text (``benchmarks/ocr_settings.py``),
words are all right down to an x-height of 10 px and a Russian page starts losing words at 8 px. So a page is
scaled only when its x-height is above :data:`SCALE_ABOVE` px, and to :data:`TARGET_X_HEIGHT` px: 1.4 times
the 10 px where the guidance gives up and where the measured pages still read whole, the margin a real scan
(worn type, uneven ink) needs. A page is never scaled up, nor below the target.

The x-height is read from a horizontal projection profile of the binarised page, in vertical strips (so that
columns and a slight tilt do not merge the lines): each run of inked rows is a text line, and its core, the
rows holding at least half the ink of its densest row, is the band between baseline and x-line (ascenders and
descenders are a few strokes, the core is every letter). The median over the lines is the page's x-height.
A line of capitals has no x-line, so its core is its cap height (about 1.4 times an x-height): a page of
capitals scaled to the target keeps capitals of 14 px, still above the sizes measured to read whole.
"""

from __future__ import annotations

import io

TARGET_X_HEIGHT = 14  # px: what a page is scaled to (see above)
SCALE_ABOVE = 17  # px: a page is scaled only when its x-height is this or more (a 20% saving is worth a resize)
_STRIPS = 4  # vertical strips the page is measured in
_MIN_LINE = 5  # px: a run of inked rows lower than this is noise, not a line of type
_MIN_LINES = 3  # lines needed to trust the median (fewer: the page is left alone)


def x_height(image) -> float | None:
    """The median x-height, in pixels, of the text lines of a Pillow image; None when it holds too few lines."""
    import numpy as np

    gray = np.asarray(image.convert("L"), dtype=np.uint8)
    if gray.size == 0:
        return None
    ink = gray < _threshold(gray)
    height, width = ink.shape
    strip = max(1, width // _STRIPS)
    sizes: list[int] = []
    for left in range(0, width - strip + 1, strip):
        rows = ink[:, left:left + strip].sum(axis=1)
        inked = rows > max(2, 0.015 * strip)  # a speckle or a rule's edge is not a line of type
        edges = np.flatnonzero(np.diff(np.concatenate(([0], inked.view(np.int8), [0]))))
        for top, bottom in zip(edges[::2], edges[1::2], strict=True):
            if bottom - top < _MIN_LINE or bottom - top > height // 4:
                continue
            line = rows[top:bottom]
            core = np.flatnonzero(line >= 0.5 * line.max())
            sizes.append(int(core[-1] - core[0] + 1))
    if len(sizes) < _MIN_LINES:
        return None
    return float(np.median(sizes))


def _threshold(gray) -> float:
    """Otsu's threshold of a grey image: the level that best splits ink from paper."""
    import numpy as np

    counts = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight = np.cumsum(counts)
    total = weight[-1]
    mean = np.cumsum(counts * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    return float(np.argmax(between)) + 0.5


def scale_for(measured: float | None) -> float:
    """The factor a page of this x-height is scaled by: 1 (left alone) unless it is over :data:`SCALE_ABOVE`."""
    if not measured or measured < SCALE_ABOVE:
        return 1.0
    return TARGET_X_HEIGHT / measured


def fit_page(data: bytes) -> tuple[bytes, float | None, float]:
    """A page image (PNG, JPEG, TIFF page) scaled down to the target x-height when its type is larger: the image
    to give Tesseract (the same bytes when left alone, else a PNG whose resolution is scaled too), the x-height
    measured (None when it could not be) and the factor. An image Pillow cannot decode is returned as it is, for
    Tesseract to read or to name as damaged."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            measured = x_height(image)
            factor = scale_for(measured)
            if factor >= 1.0:
                return data, measured, 1.0
            page = image if image.mode in ("1", "L", "RGB") else image.convert("L")
            if page.mode == "1":
                page = page.convert("L")
            size = (max(1, round(page.width * factor)), max(1, round(page.height * factor)))
            small = page.resize(size, Image.LANCZOS)
            dpi = image.info.get("dpi")
            out = io.BytesIO()
            if dpi:
                small.save(out, "PNG", dpi=tuple(max(1, int(round(float(x) * factor))) for x in dpi))
            else:
                small.save(out, "PNG")
            return out.getvalue(), measured, factor
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return data, None, 1.0
