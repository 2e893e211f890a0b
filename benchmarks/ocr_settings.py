"""Tesseract settings for scans, measured: CPU time per page and word accuracy, English, Russian and mixed pages.

    python benchmarks/ocr_settings.py [--english 3] [--reps 2] [--only "NAME;NAME"] [--json FILE]

Renders, with benchmarks/formats_kit.py at 200 dpi (DejaVu Sans Mono, 30 px, as the formats benchmark does),
``--english`` pages from the FRUS volume (or the seeds), one noisy English page (blurred, tilted 0.6 degrees,
speckled: what a reading room's scanner gives), one Russian page (tests/fixtures/ru) and one mixed page (the
bilingual telegram of tests/fixtures/ru and English FRUS paragraphs), then runs Tesseract on each page with
each setting, one process at a time with ``OMP_THREAD_LIMIT=1`` as the engine runs it, the settings
interleaved and each page ``--reps`` times. It reports, per setting and kind of page, the CPU seconds per page
(user + system of the Tesseract process, the least of the repetitions: the machine is shared, and other
work inflates even CPU time), pages per CPU second (pages/s per core) and the words right against the text
rendered (difflib over lower-cased words).

The setting ``eng, then eng+rus when unsure`` reads each page with English alone and reads it again with
English and Russian when more than 5% of its words have a confidence under 60 (a Cyrillic line read as
Latin does); its cost is both readings.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import formats_kit as kit  # noqa: E402
from formats import load_documents, word_accuracy  # noqa: E402

RU = ROOT / "tests" / "fixtures" / "ru"
NO_DICT = ["-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"]
# name -> (tesseract arguments, image preparation)
SETTINGS: dict[str, tuple[list[str], dict]] = {
    "eng+rus (the default)": (["-l", "eng+rus"], {}),
    "eng+rus, OpenMP threads left on": (["-l", "eng+rus"], {"omp": True}),
    "eng": (["-l", "eng"], {}),
    "rus+eng": (["-l", "rus+eng"], {}),
    "eng, then eng+rus when unsure": (["-l", "eng"], {"fallback": "eng+rus"}),
    "eng+rus --oem 1": (["-l", "eng+rus", "--oem", "1"], {}),
    "eng+rus --psm 4": (["-l", "eng+rus", "--psm", "4"], {}),
    "eng+rus --psm 6": (["-l", "eng+rus", "--psm", "6"], {}),
    "eng+rus, no inverted retry": (["-l", "eng+rus", "-c", "tessedit_do_invert=0"], {}),
    "eng+rus, no dictionaries": (["-l", "eng+rus", *NO_DICT], {}),
    "eng+rus, no table finding": (["-l", "eng+rus", "-c", "textord_tabfind_find_tables=0"], {}),
    "eng+rus, binarised (threshold 160)": (["-l", "eng+rus"], {"binarise": True}),
    "eng+rus, scaled to 150 dpi": (["-l", "eng+rus"], {"scale": 0.75}),
    "eng+rus, scaled to 120 dpi": (["-l", "eng+rus"], {"scale": 0.6}),
    "eng+rus, scaled to 100 dpi": (["-l", "eng+rus"], {"scale": 0.5}),
    "eng+rus, x-height 12 px when over 14": (["-l", "eng+rus"], {"fit": (12, 14)}),
    "eng+rus, x-height 14 px when over 17": (["-l", "eng+rus"], {"fit": (14, 17)}),
    "eng+rus, x-height 18 px when over 22": (["-l", "eng+rus"], {"fit": (18, 22)}),
    "eng+rus, x-height 20 px when over 24": (["-l", "eng+rus"], {"fit": (20, 24)}),
    "eng+rus, fitted as the engine does": (["-l", "eng+rus"], {"fit": None}),
}


def pages(english: int, small_type: bool = True) -> list[tuple[str, str, bytes]]:
    """(kind, text rendered, PNG) for each page measured."""
    from PIL import Image, ImageFilter

    docs, seeds = load_documents(40)
    pool = [p.text for d in (docs or seeds) for p in d.paragraphs if len(p.text) > 200]
    found = []
    for n in range(english):
        image, text = kit.page_image("\n\n".join(pool[n * 4:(n + 1) * 4]))
        found.append(("eng", text, kit.image_bytes([image])))
    image, text = kit.page_image("\n\n".join(pool[-4:]))
    noisy = image.rotate(0.6, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    rng = random.Random(23)
    speckle = noisy.load()
    for _ in range(noisy.width * noisy.height // 400):
        speckle[rng.randrange(noisy.width), rng.randrange(noisy.height)] = rng.choice((0, 90))
    found.append(("eng noisy", text, kit.image_bytes([noisy])))
    protocol = (RU / "protocol_63_ru.txt").read_text(encoding="utf-8").split("\n\n")
    letter = (RU / "letter_bilingual.md").read_text(encoding="utf-8").split("---")[-1].strip().split("\n\n")
    cyrillic = [p for p in letter if re.search("[а-яё]", p, re.IGNORECASE)]
    latin = [p for p in letter if p not in cyrillic]
    image, text = kit.page_image("\n\n".join(protocol + cyrillic + protocol[::-1]))
    found.append(("rus", text, kit.image_bytes([image])))
    image, text = kit.page_image("\n\n".join(cyrillic + latin + [pool[20], protocol[4], protocol[6], pool[21]]))
    found.append(("mixed", text, kit.image_bytes([image])))
    if small_type:
        # type of other sizes: 12 pt and 8 pt at 300 dpi (a reading room's scanner), 10 pt at 200 dpi; the font's
        # pixel size is points * dpi / 72
        for kind, dpi, points, columns, body in (("eng 12pt@300", 300, 12, 72, pool[8:14]),
                                                 ("rus 12pt@300", 300, 12, 72, protocol),
                                                 ("eng 8pt@300", 300, 8, 110, pool[8:20]),
                                                 ("eng 10pt@200", 200, 10, 68, pool[8:20])):
            image, text = kit.page_image("\n\n".join(body), dpi=dpi, font_size=round(points * dpi / 72), columns=columns)
            found.append((kind, text, kit.image_bytes([image], dpi=dpi)))
    return found


def prepare(png: bytes, how: dict) -> bytes:
    if "fit" in how:
        from search_engine.ingest import typesize

        if how["fit"] is None:
            return typesize.fit_page(png)[0]
        target, above = how["fit"]
        saved = typesize.TARGET_X_HEIGHT, typesize.SCALE_ABOVE
        typesize.TARGET_X_HEIGHT, typesize.SCALE_ABOVE = target, above
        try:
            return typesize.fit_page(png)[0]
        finally:
            typesize.TARGET_X_HEIGHT, typesize.SCALE_ABOVE = saved
    if not (how.get("scale") or how.get("binarise")):
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    dpi = round(image.info.get("dpi", (200, 200))[0])
    if how.get("scale"):
        dpi = round(dpi * how["scale"])
        image = image.resize((round(image.width * how["scale"]), round(image.height * how["scale"])), Image.LANCZOS)
    if how.get("binarise"):
        image = image.point(lambda v: 255 if v > 160 else 0).convert("1")
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def tesseract(png: bytes, args: list[str], omp: bool = False) -> tuple[str, float]:
    """Tesseract's text of a page and the CPU seconds it took."""
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if not omp:
        env["OMP_THREAD_LIMIT"] = "1"
    before = _cpu()
    done = subprocess.run(["tesseract", "-", "-", *args], input=png, capture_output=True, env=env, check=True)
    return done.stdout.decode("utf-8", errors="replace"), _cpu() - before


def unsure(png: bytes, args: list[str]) -> tuple[bool, str, float]:
    """Whether more than 5% of the words Tesseract reads have a confidence under 60; its words, CPU seconds."""
    tsv, seconds = tesseract(png, [*args, "tsv"])
    rows = [row for row in (line.split("\t") for line in tsv.splitlines()[1:]) if len(row) == 12 and row[11].strip()]
    low = sum(float(row[10]) < 60 for row in rows)
    return bool(rows) and low > 0.05 * len(rows), " ".join(row[11] for row in rows), seconds


def read(png: bytes, args: list[str], how: dict) -> tuple[str, float]:
    """Tesseract's text of a page and the CPU seconds it took, the preparation of the image (in this process:
    measuring the type, scaling) counted too."""
    before = time.process_time()
    png = prepare(png, how)
    text, seconds = _read(png, args, how)
    return text, seconds + time.process_time() - before


def _read(png: bytes, args: list[str], how: dict) -> tuple[str, float]:
    if how.get("fallback"):
        again, text, seconds = unsure(png, args)
        if not again:
            return text, seconds
        text, more = tesseract(png, ["-l", how["fallback"]])
        return text, seconds + more
    return tesseract(png, args, omp=how.get("omp", False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--english", type=int, default=3, help="clean English pages")
    parser.add_argument("--reps", type=int, default=2, help="readings of each page with each setting (least counts)")
    parser.add_argument("--only", help="the settings to run, by name, joined by semicolons")
    parser.add_argument("--kinds", help="the kinds of page to measure, joined by semicolons (default: all)")
    parser.add_argument("--batch", action="store_true",
                        help="also read the pages one Tesseract process per page and one per batch, as the engine does")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    chosen = {k: v for k, v in SETTINGS.items() if not args.only or k in args.only.split(";")}
    measured = [p for p in pages(args.english) if not args.kinds or p[0] in args.kinds.split(";")]
    from PIL import Image

    from search_engine.ingest.typesize import x_height

    for kind, _, png in measured:
        with Image.open(io.BytesIO(png)) as image:
            print(f"{kind}: {image.width}x{image.height} px at {round(image.info.get('dpi', (0,))[0])} dpi, "
                  f"x-height {x_height(image)} px")
    kinds = list(dict.fromkeys(kind for kind, _, _ in measured))
    seconds: dict[tuple[str, int], float] = {}
    right: dict[tuple[str, int], tuple[int, int]] = {}
    for _ in range(args.reps):
        for name, (targs, how) in chosen.items():
            for n, (_, rendered, png) in enumerate(measured):
                text, cpu = read(png, targs, how)
                seconds[(name, n)] = min(cpu, seconds.get((name, n), cpu))
                right[(name, n)] = word_accuracy(rendered, text)
    print(f"{len(measured)} pages ({', '.join(kinds)}), each read {args.reps} times per setting; CPU seconds per "
          "page (least of the readings), pages per CPU second, words right\n")
    print("| setting | " + " | ".join(f"{k}: CPU s/page | {k}: page/s/core | {k}: words right" for k in kinds) + " |")
    print("|---|" + "---:|" * 3 * len(kinds))
    report = {}
    for name in chosen:
        cells, report[name] = [], {}
        for kind in kinds:
            ns = [n for n, (k, _, _) in enumerate(measured) if k == kind]
            cpu = sum(seconds[(name, n)] for n in ns) / len(ns)
            r, t = sum(right[(name, n)][0] for n in ns), sum(right[(name, n)][1] for n in ns)
            cells += [f"{cpu:.2f}", f"{1 / cpu:.2f}", f"{r}/{t} ({100 * r / t:.1f}%)"]
            report[name][kind] = {"cpu_seconds_per_page": round(cpu, 3), "right": r, "words": t}
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    if args.batch:
        report["batch"] = batched(measured, args.reps)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


def batched(measured, reps: int) -> dict:
    """The pages read as the engine reads them (each fitted to its type size, ``eng+rus``): one Tesseract process
    per page, then one process for all of them (:class:`Tesseract`'s batches), interleaved ``reps`` times; the CPU
    of the whole engine process (preparing the pages) and of its Tesseract processes."""
    import tempfile

    from search_engine.ingest.tesseract import Tesseract

    figures: dict[str, dict] = {}
    for _ in range(reps):
        for name, size in (("one process per page", 1), (f"one process per batch of {len(measured)}", len(measured))):
            with tempfile.TemporaryDirectory() as cache:
                ocr = Tesseract("eng+rus", cache=cache, workers=1, batch=size)
                before = _cpu() + time.process_time()
                texts = [ocr.read_pages(f"page{n}", [("1", lambda png=png: png)])[0][1] if size == 1 else None
                         for n, (_, _, png) in enumerate(measured)]
                if size > 1:
                    pages_ = [(str(n + 1), (lambda png=png: png)) for n, (_, _, png) in enumerate(measured)]
                    texts = [text for _, text in ocr.read_pages("all", pages_)]
                cpu = (_cpu() + time.process_time() - before) / len(measured)
                ocr.close()
            r = t = 0
            for (_, rendered, _), text in zip(measured, texts, strict=True):
                a, b = word_accuracy(rendered, text)
                r, t = r + a, t + b
            best = figures.get(name, {}).get("cpu_seconds_per_page", cpu)
            figures[name] = {"cpu_seconds_per_page": round(min(best, cpu), 3), "right": r, "words": t}
    print(f"\n{len(measured)} pages read by the engine's Tesseract (type fitted, eng+rus), least of {reps}:\n")
    print("| how | CPU s/page | page/s/core | words right |\n|---|---:|---:|---:|")
    for name, f in figures.items():
        print(f"| {name} | {f['cpu_seconds_per_page']:.2f} | {1 / f['cpu_seconds_per_page']:.2f} | "
              f"{f['right']}/{f['words']} ({100 * f['right'] / f['words']:.1f}%) |", flush=True)
    return figures


if __name__ == "__main__":
    main()
