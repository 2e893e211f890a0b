"""The layout benchmark's own machinery: its comparisons, renderers and reference metadata.

The parser's accuracy on the layouts is a benchmark figure (``python benchmarks/layouts.py``), not asserted here.
"""

import importlib.util
import json
import random
import re
import sys
from datetime import date

import pytest

from search_engine.model import DateRange, Document, Footnote, Paragraph

from .conftest import ROOT, SHARED

FRUS = SHARED / "corpora" / "frus" / "frus1961-63v06.xml"
needs_frus = pytest.mark.skipif(not FRUS.is_file(), reason=f"the FRUS volume is not at {FRUS}")


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("layouts_benchmark", ROOT / "benchmarks" / "layouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)  # puts benchmarks/ on sys.path for its sibling modules
    return module


bench = _load_benchmark()
import layouts_kit as kit  # noqa: E402
import layouts_reference as reference  # noqa: E402

ALL_LAYOUTS = [layout for _, layout in bench.layout_sets()]
import layouts_unseen2 as unseen2  # noqa: E402
import layouts_unseen4 as unseen4  # noqa: E402
import layouts_unseen5 as unseen5  # noqa: E402
import layouts_unseen6 as unseen6  # noqa: E402

UNSEEN2 = [layout for _, layout in bench.layout_sets("unseen2")]
UNSEEN3 = [layout for _, layout in bench.layout_sets("unseen3")]
UNSEEN4 = [layout for _, layout in bench.layout_sets("unseen4")]
UNSEEN5 = [layout for _, layout in bench.layout_sets("unseen5")]
UNSEEN6 = [layout for _, layout in bench.layout_sets("unseen6")]
# the date forms a set's layouts print beyond the common ones ("23.X.1962", "Oct 23rd, 1962", "October 27th, 1962")
MORE_DATE_FORMS = {**{layout.name: unseen2.date_forms for layout in UNSEEN2},
                   **{layout.name: unseen4.date_forms for layout in UNSEEN4},
                   **{layout.name: unseen5.date_forms for layout in UNSEEN5},
                   **{layout.name: unseen6.date_forms for layout in UNSEEN6}}


# ---------------------------------------------------------------- comparisons

def test_titles_compare_without_case_whitespace_quotes_or_trailing_punctuation():
    title = "Memorandum From the President’s Special Assistant (Bundy) to President Kennedy"
    for got in ("MEMORANDUM FROM THE PRESIDENT'S SPECIAL ASSISTANT (BUNDY) TO PRESIDENT KENNEDY",
                "Memorandum  From the President's\nSpecial Assistant (Bundy) to President Kennedy.", f" {title} "):
        assert bench.normal_text(got) == bench.normal_text(title)
    for got in (f"66. {title}", f"{title}¹", "Memorandum From the President’s Special Assistant", f"# {title}"):
        assert bench.normal_text(got) != bench.normal_text(title)


def test_markings_compare_as_sets_of_canonical_names():
    assert bench.same_markings({"SECRET", "EYES ONLY"}, ["eyes only", "Secret"])
    assert bench.same_markings({"TOP SECRET"}, ["Top-Secret"])
    assert not bench.same_markings({"SECRET", "EYES ONLY"}, ["SECRET"])
    assert not bench.same_markings({"SECRET"}, ["SECRET", "PERSONAL"])
    assert not bench.same_markings({"TOP SECRET"}, ["SECRET"])
    assert bench.same_markings(set(), [])
    assert not bench.same_markings(set(), ["NONE"])
    # Limited Official Use and Official Use Only are two markings: reading one as the other is wrong
    assert not bench.same_markings({"LIMITED OFFICIAL USE"}, ["OFFICIAL USE ONLY"])
    assert not bench.same_markings({"OFFICIAL USE ONLY"}, ["LIMITED OFFICIAL USE"])
    assert bench.same_markings({"LIMITED OFFICIAL USE"}, ["Limited Official Use"])
    assert bench.same_markings({"NIACT"}, ["Night Action"])
    # a printed word outside the vocabulary may be taken for a marking or not
    assert bench.same_markings({"SECRET"}, ["SECRET", "VERBATIM TEXT"], optional={"Verbatim Text"})
    assert bench.same_markings({"SECRET"}, ["SECRET"], optional={"Verbatim Text"})
    assert not bench.same_markings({"SECRET"}, ["VERBATIM TEXT"], optional={"Verbatim Text"})


def test_paragraph_counts_agree_within_ten_percent():
    assert bench.close_count(20, 22) and bench.close_count(20, 18) and bench.close_count(0, 0)
    assert not bench.close_count(20, 23)
    assert not bench.close_count(1, 2)  # a short document's count must be exact
    assert bench.close_count(10, 11) and not bench.close_count(9, 10)


def _document(**fields) -> Document:
    base = {"doc_id": "d1", "title": "Letter From A to B", "paragraphs": (Paragraph(1, "Text."),)}
    return Document(**{**base, **fields})


def _expected(**fields) -> kit.Expected:
    base = {"title": "Letter From A to B", "date": "1962-10-27", "classification": frozenset({"SECRET"}),
            "footnotes": 1, "place": "Moscow", "paragraphs": 1}
    return kit.Expected(**{**base, **fields})


def test_check_compares_every_field():
    doc = _document(date=DateRange(date(1962, 10, 27), date(1962, 10, 27)), classification=("SECRET",),
                    footnotes=(Footnote("1", "Source: Department of State."), Footnote("2", "Document 60.")),
                    place="MOSCOW")
    assert bench.check(_expected(), doc) == dict.fromkeys(kit.FIELDS, True)
    wrong = bench.check(_expected(title="Letter From B to A", date="1962-10-28", classification=frozenset(),
                                  footnotes=2, place="Washington", paragraphs=3), doc)
    assert wrong == dict.fromkeys(kit.FIELDS, False)


def test_a_source_note_is_the_citation_not_a_footnote():
    doc = _document(footnotes=(Footnote("1", "  source: Kennedy Library."), Footnote("2", "Document 60."),
                               Footnote("*1", "Translator's note: a sourced claim.")))
    assert bench.note_count(doc) == 2


def test_dates_compare_by_iso_form_or_span():
    span = DateRange(date(1961, 12, 30), date(1962, 1, 18))
    first_day = DateRange(date(1961, 12, 30), date(1961, 12, 30))
    assert bench.check(_expected(date="1961-12-30/1962-01-18"), _document(date=span))["date"]
    assert not bench.check(_expected(date="1961-12-30/1962-01-18"), _document(date=first_day))["date"]
    assert bench.check(_expected(date=None), _document())["date"]
    assert not bench.check(_expected(date=None), _document(date=first_day))["date"]


def test_a_file_that_cannot_be_read_is_wrong_in_every_field():
    assert bench.check(_expected(), None) == dict.fromkeys(kit.FIELDS, False)


# ---------------------------------------------------------------- reference

@pytest.mark.parametrize(("note", "markings", "extras"), [
    ("Source: Department of State, Central Files, 711.11-KE/1-2161. Unclassified; Niact. Drafted by McSweeney.",
     ("UNCLASSIFIED", "NIACT"), ()),
    ("Source: Lot 66 D 204. Secret; Niact; Verbatim Text. Drafted by Kohler.", ("SECRET", "NIACT"), ("Verbatim Text",)),
    ("Source: Lot 77 D 163. Top Secret; Eyes Only for the Secretary.", ("TOP SECRET", "EYES ONLY"), ()),
    ("Source: Central Files. Limited Official Use; Priority.", ("LIMITED OFFICIAL USE", "PRIORITY"), ()),
    ("Source: Files. Secret; Ban—Eyes Only; Operational Immediate.",
     ("SECRET", "EYES ONLY", "OPERATIONAL IMMEDIATE"), ("Ban",)),
    ("Source: Lot 77 D 163. No classification marking, but the Department of State classified the message Top "
     "Secret and Eyes Only.", (), ()),
    ("Source: Files. No classification marking. The source text is marked “immediate release.”", (), ()),
])
def test_markings_come_from_the_classification_sentence_only(note, markings, extras):
    assert reference.classification_sentence(note) == (markings, extras)


def test_markings_a_later_agency_gave_are_told_apart_from_the_documents_own():
    note = ("Source: Lot 77 D 163. No classification marking, but the Department of State classified the message Top "
            "Secret and Eyes Only.")
    assert reference.classification_sentence(note) == ((), ())  # the document bears none
    assert reference.later_markings(note) == ("TOP SECRET", "EYES ONLY")
    assert reference.later_markings("Source: Files. No classification marking.") == ()
    assert reference.later_markings("Source: Lot 66 D 204. Secret; Niact.") == ()
    expected = kit.Expected.of(_reference(markings=(), extra_markings=(), later_markings=("TOP SECRET", "EYES ONLY")))
    assert bench.same_markings(expected.classification, ["TOP SECRET", "EYES ONLY"], expected.optional_markings)
    assert bench.same_markings(expected.classification, [], expected.optional_markings)


def _reference(**fields) -> reference.Reference:
    base = dict(
        doc_id="d61", number="61", kind="historical-document",
        title="Telegram From the Embassy in the Soviet Union to the Department of State",
        date=reference.DocumentDate("1962-10-23", "1962-10-23"), date_printed="October 23, 1962, 5 p.m.",
        place="Moscow", markings=("LIMITED OFFICIAL USE", "NIACT", "EYES ONLY"), extra_markings=("Elite",),
        source_note="Source: Kennedy Library. Limited Official Use; Niact; Eyes Only; Elite. Passed to the President.",
        paragraphs=("1042. Policy. Embtel 1041. Embassy translation follows of the letter.",
                    "I have just received your letter, and have also acquainted myself with the speech."),
        notes=("Dated October 23.", "Document 60 and footnote 1 thereto."), anchors=((0, 26), (1, 84)),
        volume="Foreign Relations of the United States, 1961–1963, Volume VI, Kennedy-Khrushchev Exchanges")
    return reference.Reference(**{**base, **fields})


SAMPLES = {
    "telegram": _reference(),
    "undated": _reference(doc_id="d30", number="30", title="Message From Chairman Khrushchev to President Kennedy",
                          date=reference.DocumentDate("1961-12-30", "1962-01-18", supplied=True),
                          date_printed="undated", markings=(), extra_markings=(),
                          source_note="Source: Kennedy Library. No classification marking."),
    "editorial note": _reference(doc_id="d20", number="20", kind="editorial-note", title="Editorial Note", date=None,
                                 date_printed="", place="", markings=(), extra_markings=(), source_note="",
                                 notes=(), anchors=()),
}


def test_markers_go_where_the_notes_stood():
    ref = SAMPLES["telegram"]
    marked = ref.paragraph(0, lambda k: f"[{k}]")
    assert marked == "1042. Policy. Embtel 1041.[1] Embassy translation follows of the letter."
    assert ref.paragraph(1, lambda k: f"[{k}]").endswith("with the speech.[2]")
    assert ref.paragraph(1) == ref.paragraphs[1]


_DATE_FORMATS = ("{month} {d}, {y}", "{d} {month} {y}", "{y} {month} {d}", "{dd}.{mm}.{y}", "{d} {mon}. {y}",
                 "{d} {mon} {yy}", "{mm}/{dd}/{y}", "{y}-{mm}-{dd}", "{y} {mon}. {d}", "{d}.{m}.{y}", "{dd} {mon} {yy}",
                 "{jour} {mois} {y}", "{d} {mon} {y}", "{m}/{d}/{yy}", "{mon} {d}, {y}", "{d}. {monat} {y}")


def _plain(text: str) -> str:
    """Text with letter-spaced words closed up ("T O P   S E C R E T" -> "TOP SECRET"), case and curly quotes folded
    (as the benchmark compares titles)."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\b(\w(?:-\w)+)\b", lambda m: m.group(1).replace("-", "") if len(m.group(1)) > 3 else m.group(1),
                  text)  # a typist's S-E-C-R-E-T
    text = re.sub(r"\b(\w(?: \w)+)\b", lambda m: m.group(1).replace(" ", ""), text)
    return re.sub(r"\s+", " ", text).casefold()


def _states(text: str, ref: reference.Reference, expected: kit.Expected, stem: str = "",
            formats: tuple[str, ...] = _DATE_FORMATS, more_forms=lambda day: ()) -> list[str]:
    """The expected title, date and markings that the rendered text, or the name a layout gives its file, does not
    contain (a date in one of the layouts' forms, or as the edition prints it)."""
    plain = _plain(text + "\n" + stem.replace("_", " "))
    missing = [] if _plain(expected.title) in plain else [f"title {expected.title!r}"]
    if expected.date:
        days = {ref.date.start, ref.date.end}
        for day in days:
            forms = {_plain(kit.format_day(day, fmt)) for fmt in formats} | {_plain(ref.date_printed)} | {
                _plain(form) for form in more_forms(day)}
            if not any(form in plain for form in forms):
                missing.append(f"date {day}")
    missing += [f"marking {m}" for m in expected.classification  # in English or as another government grades it
                if not any(_plain(spelling) in plain for spelling in (m, *(g[m] for g in kit.GRADES.values() if m in g)))]
    return missing


@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("sample", SAMPLES)
def test_each_layout_states_what_it_expects(layout, sample):
    ref = SAMPLES[sample]
    rendered = layout.render(ref, layout.rng(ref))
    more = MORE_DATE_FORMS.get(layout.name, lambda day: ())
    assert _states(rendered.text, ref, rendered.expected, rendered.stem, more_forms=more) == []
    assert rendered.expected.title == ref.title and rendered.expected.paragraphs == len(ref.paragraphs)
    assert rendered.expected.footnotes in (0, len(ref.notes))
    assert rendered.expected.place in ("", ref.place)
    assert rendered.suffix in (".txt", ".md")
    assert layout.render(ref, layout.rng(ref)) == rendered  # the same files on every run


def test_layout_names_are_unique_and_sets_are_separate():
    names = [layout.name for layout in ALL_LAYOUTS]
    assert len(names) == len(set(names))
    dev, heldout = bench.layout_sets("dev"), bench.layout_sets("heldout")
    assert len(dev) >= 8 and len(heldout) >= 4 and len(UNSEEN2) >= 8
    assert {s for s, _ in dev} == {"dev"} and {s for s, _ in heldout} == {"heldout"}
    assert {s for s, _ in bench.layout_sets("unseen2")} == {"unseen2"}
    assert len(UNSEEN3) >= 8 and {s for s, _ in bench.layout_sets("unseen3")} == {"unseen3"}
    assert len(UNSEEN4) >= 8 and {s for s, _ in bench.layout_sets("unseen4")} == {"unseen4"}
    assert len(UNSEEN5) >= 8 and {s for s, _ in bench.layout_sets("unseen5")} == {"unseen5"}
    assert len(UNSEEN6) >= 8 and {s for s, _ in bench.layout_sets("unseen6")} == {"unseen6"}


# ---------------------------------------------------------------- typing tools

def test_marking_typography():
    assert kit.typed("TOP SECRET", "spaced") == "T O P   S E C R E T"
    assert kit.typed("NIACT", "title") == "Niact" and kit.typed("EYES ONLY", "title") == "Eyes Only"
    assert kit.split_markings(["SECRET", "NIACT", "EYES ONLY"]) == (["SECRET"], ["NIACT"], ["EYES ONLY"])


def test_note_marks():
    assert [kit.symbol(k) for k in (1, 2, 6, 7, 8)] == ["*", "†", "¶", "**", "††"]
    assert kit.superscript(12) == "¹²"


def test_dates_spans_and_supplied_dates():
    ref = SAMPLES["undated"]
    assert kit.date_text(ref, "{d} {month} {y}") == "[between 30 December 1961 and 18 January 1962]"
    assert kit.date_text(SAMPLES["telegram"], "{mm}/{dd}/{y}") == "10/23/1962"
    assert kit.date_text(SAMPLES["editorial note"], "{y}") is None
    assert kit.time_of_day(SAMPLES["telegram"]) == "5 p.m."


def test_hyphenated_wrapping_keeps_every_word():
    text = " ".join(["the disarmament negotiations concerning international inspection arrangements"] * 20)
    lines = kit.wrap_hyphenated(text, 65, random.Random(1), rate=1.0)
    assert all(len(line) <= 65 for line in lines)
    assert any(line.endswith("-") for line in lines)
    assert re.sub(r"-\n", "", "\n".join(lines)).split() == text.split()


def test_ocr_noise_keeps_digits_and_is_seeded():
    text = "Embtel 1041.[1] Embassy translation follows of Khrushchev's letter of October 23, 1962.2 " * 30
    noisy = kit.ocr_noise(text, random.Random(7), rate=0.05)
    assert noisy != text and noisy == kit.ocr_noise(text, random.Random(7), rate=0.05)
    assert re.findall(r"\d+", noisy) == re.findall(r"\d+", text)


# ---------------------------------------------------------------- the FRUS reference and a run

@pytest.fixture(scope="module")
def frus_references():
    return reference.load_references(FRUS)


@needs_frus
def test_reference_checked_against_the_tei(frus_references):
    refs = {r.doc_id: r for r in frus_references.references}
    assert len(refs) == 120
    d66 = refs["d66"]
    assert d66.title == "Letter From Chairman Khrushchev to President Kennedy"
    assert (d66.date.iso, d66.place, d66.markings) == ("1962-10-27", "Moscow", ())
    assert refs["d14"].date.supplied and refs["d14"].date_printed == "undated"
    assert refs["d30"].date.iso == "1961-12-30/1962-01-18"
    assert refs["d20"].date is None and refs["d20"].source_note == ""
    assert refs["d47"].markings == ("LIMITED OFFICIAL USE", "NIACT")
    assert refs["d61"].extra_markings == ("Elite",)
    assert sum(len(r.notes) for r in refs.values()) == 232
    assert all(len(r.anchors) == len(r.notes) for r in refs.values())
    kinds = {d["field"] for d in frus_references.discrepancies}
    assert "footnote marker" not in kinds  # every note's marker found its place in the text
    assert {d["doc_id"] for d in frus_references.discrepancies if d["field"] == "date"} == {"d20", "d76", "d80"}


@needs_frus
@pytest.mark.parametrize("layout", ALL_LAYOUTS, ids=lambda layout: layout.name)
def test_every_frus_document_renders_in_every_layout(layout, frus_references):
    more = MORE_DATE_FORMS.get(layout.name, lambda day: ())
    for ref in frus_references.references:
        rendered = layout.render(ref, layout.rng(ref))
        assert _states(rendered.text, ref, rendered.expected, rendered.stem, more_forms=more) == [], ref.doc_id


@needs_frus
def test_a_run_reports_every_field_per_layout(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert bench.main(["--layout", "catalogue", "--layout", "marc", "--doc", "d66", "--doc", "d61",
                       "--json", str(out), "--markdown", str(tmp_path / "report.md"), "--show-failures", "2",
                       "--keep", str(tmp_path / "files")]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["set"], r["layout"], r["documents"]) for r in report["rows"]] == [
        ("dev", "catalogue", 2), ("heldout", "marc", 2), ("real", "real captures", 4)]
    for row in report["rows"]:
        assert set(row["percent"]) == set(kit.FIELDS)
        assert all(0 <= p <= 100 for p in row["percent"].values())
    assert sorted(p.name for p in (tmp_path / "files" / "catalogue").iterdir()) == ["d61.txt", "d66.txt"]
    printed = capsys.readouterr().out
    assert "| dev | catalogue | 2 |" in printed and "held-out failures are shown only with --set heldout" in printed
    assert (tmp_path / "report.md").read_text(encoding="utf-8") in printed


def test_without_the_volume_only_the_real_captures_run(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert bench.main(["--frus", str(tmp_path / "missing.xml"), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [r["layout"] for r in report["rows"]] == ["real captures"] and report["documents"] == 0
    assert report["rows"][0]["documents"] == 4
    assert "only the real captures are scored" in capsys.readouterr().out


# ---------------------------------------------------------------- generated layouts (--set random)

import layouts_random as generated  # noqa: E402


def test_seed_ranges_are_read_and_kept_apart():
    assert bench.parse_seeds("0-3,7") == [0, 1, 2, 3, 7]
    assert set(generated.TUNING).isdisjoint(generated.CHECK)
    assert bench.parse_seeds(bench.SEED_RANGES) == [*generated.TUNING, *generated.CHECK]


def test_each_seed_draws_every_choice_on_its_own():
    layouts = [generated.draw(seed) for seed in generated.TUNING]
    assert generated.draw(17) == generated.draw(17)  # the same layout on every run
    for name, values in generated.CHOICES.items():
        drawn = {layout[name] for layout in layouts}
        assert drawn == set(values), name  # the tuning range meets every value of every choice
    # independent: no choice's value tells another's (each pair of choices meets in many combinations)
    names = list(generated.CHOICES)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert len({(layout[a], layout[b]) for layout in layouts}) > max(
                len(generated.CHOICES[a]), len(generated.CHOICES[b])), (a, b)


@pytest.mark.parametrize("sample", SAMPLES)
def test_each_generated_layout_states_what_it_expects(sample):
    ref = SAMPLES[sample]
    for seed in range(60):
        choices = generated.draw(seed)
        rendered = generated.render(ref, choices, random.Random(seed))
        expected = rendered.expected
        assert _states(rendered.text, ref, expected, rendered.stem, _DATE_FORMATS + (
            "{m}/{d}/{yy}", "{mon}. {d}, {y}", "{m}/{d}/{y}", "{ord} {month} {y}", "{month} {ord}, {y}", "{dd}-{mon}-{y}",
            "{dd}1200z {mon} {yy}", "{y} {mon} {d}", "{y}{mm}{dd}", "{dd}/{mm}/{y}", "{mon} {d} {y}",
            "{dd}1230z {mon} {yy}", "{ord} day of {month}, {y}")) == [], (
            seed, choices)
        assert expected.title == ref.title and expected.paragraphs == len(ref.paragraphs)
        own_language = generated._OWN_LANGUAGE.get(ref.place, ())  # "Moskva": the place as the text writes it
        assert expected.footnotes == len(ref.notes) and expected.place in ("", ref.place, *own_language)
        if expected.place:
            assert expected.place.lower() in rendered.text.lower()
        if ref.markings and choices["source"] == "none" and choices["markings"] == "source note only":
            assert expected.classification == frozenset()  # stated nowhere: nothing to read
        assert generated.render(ref, choices, random.Random(seed)) == rendered


@needs_frus
def test_a_random_run_reports_both_ranges_and_each_choice(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert bench.main(["--set", "random", "--seeds", "0-5,200-203", "--json", str(out), "--show-failures", "1",
                       "--keep", str(tmp_path / "files")]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["layout"], r["documents"]) for r in report["ranges"]] == [
        ("tuning (seeds 0-5)", 6), ("check (seeds 200-203)", 4)]
    assert report["ranges"][1]["failures"] == "not shown: not tuned on"
    assert sum(c["documents"] for c in report["choices"] if c["choice"].startswith("title = ")) == 6
    assert len(list((tmp_path / "files" / "random").iterdir())) == 10
    printed = capsys.readouterr().out
    assert "| tuning (seeds 0-5) | 6 |" in printed and "| check (seeds 200-203) | 4 |" in printed
    assert "failures are shown for the tuning range only" in printed


@needs_frus
@pytest.mark.parametrize("layout", UNSEEN2 + UNSEEN3 + UNSEEN4 + UNSEEN5, ids=lambda layout: layout.name)
def test_each_unseen_layout_renders_every_document_the_same_way_twice(layout, frus_references):
    """All 120 documents of a held-out set's layout, each in a file of its own, the same files on every run; what it
    expects is the reference's or empty, and what a layout withholds is not in its text (that the title, date and
    markings it expects are: test_every_frus_document_renders_in_every_layout)."""
    refs = frus_references.references
    first = [layout.render(ref, layout.rng(ref)) for ref in refs]
    assert first == [layout.render(ref, layout.rng(ref)) for ref in refs]
    assert len({(r.stem or ref.doc_id) + r.suffix for r, ref in zip(first, refs, strict=True)}) == len(refs) == 120
    for ref, rendered in zip(refs, first, strict=True):
        expected = rendered.expected
        assert expected.title == ref.title and expected.paragraphs == len(ref.paragraphs), ref.doc_id
        assert expected.date in (None, ref.date.iso if ref.date else None), ref.doc_id
        assert expected.place in ("", ref.place), ref.doc_id
        if expected.place:
            assert expected.place.lower() in rendered.text.lower(), ref.doc_id
        assert expected.footnotes in (0, len(ref.notes)), ref.doc_id
        if expected.footnotes == 0:  # notes withheld are not printed
            assert not any(note in rendered.text for note in ref.notes), ref.doc_id
        assert expected.classification in (frozenset(), frozenset(ref.markings)), ref.doc_id
        if not expected.classification and ref.markings:  # markings withheld are not printed either
            assert ref.source_note not in rendered.text, ref.doc_id


@needs_frus
@pytest.mark.parametrize("layout", UNSEEN6, ids=lambda layout: layout.name)
def test_the_sixth_unseen_set_states_what_it_expects_and_prints_no_withheld_marking(layout, frus_references):
    """Each unseen6 layout renders the 120 documents the same way twice, states the title, the date and the
    markings it expects, and where it withholds the classification prints no line of the document's markings (the
    words may still occur in its text)."""
    assert len(frus_references.references) == 120
    for ref in frus_references.references:
        rendered = layout.render(ref, layout.rng(ref))
        assert rendered == layout.render(ref, layout.rng(ref)), ref.doc_id
        assert _states(rendered.text, ref, rendered.expected, rendered.stem, more_forms=unseen6.date_forms) == [], \
            ref.doc_id
        if not rendered.expected.classification and ref.markings:
            lines = {_plain(line).strip(" .;:-") for line in rendered.text.splitlines()}
            assert not lines & {_plain(m) for m in ref.markings}, ref.doc_id
            assert not any(re.match(r"classification\s*:", line) for line in lines), ref.doc_id
