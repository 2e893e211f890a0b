"""Scans: page images (PNG, JPEG, TIFF of one or many pages) and the pages of a PDF that are only an image.

Each page is read by Tesseract (:mod:`.tesseract`: in parallel, cached by the file's hash) and keeps its page
number; the pages' text then goes through the handling every OCR'd text gets (:mod:`.ocr`: furniture and noise
dropped, forms read, lines joined into paragraphs with their pages) and the text parser. Pillow splits and converts images; PDFium (pypdfium2) renders a PDF's image
pages at the resolution of the image they hold. Both are imported only when a scan is read.
"""

from __future__ import annotations

import io
from typing import Callable

from ..errors import SourceError
from ..model import Document
from .ocr import parse_ocr_pages
from .tesseract import OcrError, Tesseract, page_key

MAX_PIXELS = 200_000_000  # one page image larger than this (a 14,000 px square) is refused, not decoded
_RENDER_DPI = (150, 400)  # a PDF page is rendered at the resolution of its image, kept within these


def image_pages(data: bytes, source: str) -> list[tuple[str, Callable[[], bytes]]]:
    """(page number, render) for each page of a PNG, JPEG or TIFF; ``render()`` gives a PNG (or the file
    itself when it is one page Tesseract reads as it is)."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        width, height = image.size
    except Image.DecompressionBombError as e:
        raise SourceError(source, f"image too large to read ({e})", "too-large") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise SourceError(source, f"damaged or unreadable image: {e}") from None
    if width * height * frames > MAX_PIXELS * 4:
        raise SourceError(source, f"image too large to read ({frames} pages of {width}x{height} pixels)", "too-large")
    if frames == 1 and image.format in ("PNG", "JPEG") and image.mode in ("1", "L", "RGB", "RGBA", "P"):
        return [("1", lambda: data)]

    def render(n: int) -> bytes:
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.seek(n)
                page = img.convert("L") if img.mode not in ("1", "L", "RGB") else img.copy()
                out = io.BytesIO()
                dpi = img.info.get("dpi")
                page.save(out, "PNG", **({"dpi": tuple(int(round(float(x))) for x in dpi)} if dpi else {}))
                return out.getvalue()
        except (OSError, ValueError, EOFError, SyntaxError) as e:
            raise SourceError(source, f"damaged or unreadable image: page {n + 1}: {e}") from None

    return [(str(n + 1), (lambda n=n: render(n))) for n in range(frames)]


def read_scan(data: bytes, sha256: str, doc_id: str, source: str, ocr: Tesseract | None) -> tuple[Document, list[str]]:
    """A document from an image of one or many pages; with the cache keys of its pages."""
    if ocr is None or ocr.problem:
        raise SourceError(source, f"a scan: needs OCR ({ocr.problem if ocr else 'OCR is not turned on'})", "needs-ocr")
    pages = image_pages(data, source)
    texts = _read(ocr, sha256, pages, source)
    keys = [page_key(sha256, page, ocr.languages) for page, _ in pages]
    if not any(text.strip() for _, text in texts):
        raise SourceError(source, "no text found by OCR on the scan", "empty")
    return parse_ocr_pages(texts, doc_id, source, "scan"), keys


def pdf_image_pages(data: bytes, pages: list[int], source: str) -> list[tuple[str, Callable[[], bytes]]]:
    """(page index, render) for the pages of a PDF (0-based ``pages``) that hold an image; a page with no image
    is blank, not a scan, and is left out."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise SourceError(source, f"damaged or unreadable PDF: {e}") from None
    found = []
    for index in pages:
        page = document[index]
        images = [obj for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_IMAGE]
        if not images:
            continue
        dpi = _image_dpi(images)

        def render(page=page, dpi=dpi) -> bytes:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            out = io.BytesIO()
            image.save(out, "PNG", dpi=(dpi, dpi))
            return out.getvalue()

        found.append((str(index), render))
    return found


def _image_dpi(images) -> int:
    """The resolution of the largest image of a page as it is placed there, within the rendering limits."""
    best = 0.0
    for obj in images:
        try:
            width, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except Exception:  # noqa: BLE001 - an image PDFium cannot measure is rendered at the default
            continue
        if right - left > 1:
            best = max(best, width / ((right - left) / 72))
    low, high = _RENDER_DPI
    return int(min(high, max(low, best or 300)))


def read_pdf_pages(ocr: Tesseract, data: bytes, sha256: str, pages: list[int], source: str) -> dict[int, str]:
    """The text OCR finds on the image-only pages of a PDF (0-based index -> Tesseract's text)."""
    found = pdf_image_pages(data, pages, source)
    return {int(page): text for page, text in _read(ocr, sha256, found, source)}


def _read(ocr: Tesseract, sha256: str, pages, source: str) -> list[tuple[str, str]]:
    try:
        return ocr.read_pages(sha256, pages)
    except OcrError as e:
        raise SourceError(source, str(e), "needs-ocr" if ocr.problem else "damaged") from None
