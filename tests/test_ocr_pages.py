"""Pages for Tesseract: the size of their type measured and large type scaled down; pages read in batches.

Pages are rendered from known text with Pillow (benchmarks/formats_kit.py, DejaVu Sans Mono, whose x-height is
0.545 of its size); the batch tests run Tesseract and are skipped, saying why, where it is not installed.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from search_engine.ingest import tesseract as tesseract_module
from search_engine.ingest.readers import read_documents
from search_engine.ingest.tesseract import OcrError, Tesseract
from search_engine.ingest.typesize import (
    SCALE_ABOVE,
    TARGET_X_HEIGHT,
    fit_page,
    x_height,
)

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import formats_kit as kit  # noqa: E402

TESSERACT = Tesseract("eng")
needs_tesseract = pytest.mark.skipif(TESSERACT.problem is not None,
                                     reason=f"{TESSERACT.problem}: {TESSERACT.advice}")

TEXT = (
    "Today an embassy representative met with a source who stated that the missile bases in Cuba would be "
    "bombed and there would be assault landings there. The source said that Castro might just as well make a "
    "statement that he is prepared to dismantle and remove the missile launchers if President Kennedy gives his "
    "guarantee that he will not invade Cuba. In the evening the source once again called the embassy "
    "representative and asked to meet him urgently."
)


def page(points: float, dpi: int, text: str = TEXT, columns: int = 64) -> bytes:
    """A page of ``text`` in type of ``points`` scanned at ``dpi``, as a PNG stating its resolution."""
    image, _ = kit.page_image("\n\n".join([text] * 3), dpi=dpi, font_size=round(points * dpi / 72), columns=columns)
    return kit.image_bytes([image], dpi=dpi)


def measured(png: bytes) -> float | None:
    with Image.open(io.BytesIO(png)) as image:
        return x_height(image)


# -- the size of the type ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("points, dpi", [(12, 300), (8, 300), (10, 200), (10.8, 200)])
def test_the_x_height_is_measured_from_the_lines_of_type(points, dpi):
    expected = 0.545 * points * dpi / 72  # the font's x-height at this size
    assert measured(page(points, dpi)) == pytest.approx(expected, abs=1.5)


def test_noise_and_a_slight_tilt_do_not_change_the_measure():
    clean = Image.open(io.BytesIO(page(12, 300)))
    noisy = clean.rotate(0.6, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    rng, dots = random.Random(23), noisy.load()
    for _ in range(noisy.width * noisy.height // 400):
        dots[rng.randrange(noisy.width), rng.randrange(noisy.height)] = rng.choice((0, 90))
    assert x_height(noisy) == pytest.approx(x_height(clean), abs=2)


def test_large_type_is_scaled_down_to_the_target_with_its_resolution():
    png = page(12, 300)  # x-height 27 px: about twice what Tesseract needs
    fitted, size, factor = fit_page(png)
    assert size >= SCALE_ABOVE and factor == pytest.approx(TARGET_X_HEIGHT / size)
    with Image.open(io.BytesIO(fitted)) as image:
        assert image.width == round(2550 * factor)
        assert image.info["dpi"][0] == pytest.approx(300 * factor, abs=1)
        assert x_height(image) == pytest.approx(TARGET_X_HEIGHT, abs=1.5)


@pytest.mark.parametrize("points, dpi", [(10, 200), (10.8, 200), (8, 200)])
def test_small_type_is_left_as_it_is(points, dpi):
    png = page(points, dpi)
    assert fit_page(png) == (png, measured(png), 1.0)


def test_type_just_over_the_threshold_is_never_scaled_below_the_target():
    fitted, size, factor = fit_page(page(8, 300))  # 8-point footnotes on a 300 dpi scan: x-height 18 px
    assert factor < 1
    assert measured(fitted) >= TARGET_X_HEIGHT - 1


def test_a_page_without_lines_of_type_is_left_alone():
    blank = io.BytesIO()
    Image.new("L", (1700, 2200), 255).save(blank, "PNG")
    assert fit_page(blank.getvalue())[1:] == (None, 1.0)
    assert fit_page(b"\x89PNG not an image") == (b"\x89PNG not an image", None, 1.0)


# -- batches ----------------------------------------------------------------------------------------------------
PAGES = [
    "The Secretary of State met the Ambassador on Tuesday morning.",
    "A second page about the Berlin question and the wall.",
    "Third page: the Soviet reply was delivered in Moscow.",
]


def small_page(text: str) -> bytes:
    image, _ = kit.page_image(text)
    return kit.image_bytes([image.crop((0, 0, image.width, 400))])


@pytest.fixture
def processes(monkeypatch):
    """The Tesseract processes started, each as the number of pages it was given."""
    started: list[int] = []
    run = subprocess.run

    def counted(args, **kw):
        source = args[1]
        if source != "--list-langs":
            started.append(len(Path(source).read_text().splitlines()) if source.endswith(".list") else 1)
        return run(args, **kw)

    monkeypatch.setattr(tesseract_module.subprocess, "run", counted)
    return started


@needs_tesseract
def test_one_process_reads_a_batch_and_each_page_keeps_its_number(processes):
    ocr = Tesseract("eng", workers=1)
    ocr.linger = 30  # the worker waits for the whole batch however slow the machine (it is queued at once)
    try:
        got = ocr.read_pages("file", [(str(n), (lambda p=p: p)) for n, p in enumerate(map(small_page, PAGES), 1)])
    finally:
        ocr.close()
    assert [number for number, _ in got] == ["1", "2", "3"]
    assert [text.strip() for _, text in got] == PAGES
    assert processes == [3]


@needs_tesseract
def test_the_pages_are_shared_among_the_workers(processes):
    ocr = Tesseract("eng", workers=2, batch=8)
    ocr.linger = 30
    try:
        rendered = [small_page(t) for t in PAGES * 2]
        got = ocr.read_pages("file", [(str(n), (lambda p=p: p)) for n, p in enumerate(rendered, 1)])
    finally:
        ocr.close()
    assert [text.strip() for _, text in got] == PAGES * 2
    assert sum(processes) == 6 and len(processes) >= 2 and max(processes) <= 5


@needs_tesseract
def test_a_page_that_fails_in_a_batch_is_named_and_the_rest_are_read(processes):
    one, two, three = map(small_page, PAGES)
    damaged = one[:300]  # a PNG cut short: its header says PNG, its pixels are gone
    pages = [("1", lambda: one), ("2", lambda: damaged), ("3", lambda: two), ("4", lambda: three)]
    ocr = Tesseract("eng", workers=1)
    try:
        with pytest.raises(OcrError, match=r"^page 2: Tesseract could not read the page: .*(png|PNG|read)"):
            ocr.read_pages("file", pages)
        assert ocr.pages_read == 3
        # the pages read are kept: asked again, only the damaged page goes back to Tesseract
        processes.clear()
        with pytest.raises(OcrError, match="^page 2: "):
            ocr.read_pages("file", pages)
        assert processes == [1]
        assert [t.strip() for _, t in ocr.read_pages("file", [pages[0], pages[2], pages[3]])] == PAGES
    finally:
        ocr.close()


@needs_tesseract
def test_a_folder_of_photos_read_ahead_is_read_in_batches(tmp_path, processes):
    from search_engine.ingest.scans import image_pages

    paths = []
    for n, text in enumerate(PAGES * 2, 1):
        paths.append(tmp_path / f"photo-{n}.png")
        paths[-1].write_bytes(small_page(text))
    ocr = Tesseract("eng", workers=1)
    ocr.linger = 30
    try:
        ocr.prefetch([str(p) for p in paths], image_pages)
        for path in paths:
            ocr.wait_for(str(path))
        assert ocr.pages_read == 6
        got = [read_documents(str(p), ocr=ocr)[0] for p in paths]
    finally:
        ocr.close()
    assert processes == [6]  # one process for the six photos, none when each file is then read
    assert [doc.paragraphs[0].text for doc in got] == PAGES * 2


@needs_tesseract
def test_a_damaged_photo_among_others_is_named_and_the_others_read(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    for n, text in enumerate(PAGES, 1):
        (folder / f"photo-{n}.png").write_bytes(small_page(text))
    (folder / "photo-0-damaged.png").write_bytes(small_page(PAGES[0])[:300])
    from search_engine import SearchEngine

    engine = SearchEngine(tmp_path / "ix")
    summary = engine.index([folder])
    assert summary.ocr_pages == 3
    assert [s.path.split("/")[-1] for s in summary.skipped] == ["photo-0-damaged.png"]
    assert "could not read the page" in summary.skipped[0].reason
    for n, text in enumerate(PAGES, 1):
        (doc,) = read_documents(str(folder / f"photo-{n}.png"), ocr=TESSERACT)
        assert text in " ".join([doc.title, *(p.text for p in doc.paragraphs)])
