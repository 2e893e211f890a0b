"""The ``search-engine`` command: a thin layer over :class:`search_engine.SearchEngine`."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from typing import TYPE_CHECKING

import click

from .errors import ExitStatus, SearchEngineError, command_line_words

if TYPE_CHECKING:
    from .model import DateRange

DEFAULT_SOURCES = ("seeds",)


def _resolve_index(ctx: click.Context, param, value):
    """A command's --index, else one given before it (``search-engine --index DIR sources remove``), else
    $SEARCH_ENGINE_INDEX, else index_data."""
    outer = ctx.parent
    while value is None and outer is not None:
        value = (outer.params or {}).get("index_dir")
        outer = outer.parent
    ctx.meta["index_given"] = value is not None
    ctx.meta["index_named"] = value is not None or bool(os.environ.get("SEARCH_ENGINE_INDEX"))
    return value or os.environ.get("SEARCH_ENGINE_INDEX") or "index_data"


def _resolve_indexes(ctx: click.Context, param, value):
    """--index given any number of times (several indexes searched as one); none: as :func:`_resolve_index`."""
    if value:
        ctx.meta["index_given"] = ctx.meta["index_named"] = True
        return tuple(value)
    return (_resolve_index(ctx, param, None),)


def _first_use_sources() -> tuple[str, ...]:
    """What an index missing on first use is built from: ./seeds for the default index only. An index folder the
    user named (--index, $SEARCH_ENGINE_INDEX) is never filled with the seeds behind their back (a build of their
    own files that failed left it missing)."""
    return () if click.get_current_context().meta.get("index_named") else DEFAULT_SOURCES


def _engine(index_dirs):
    """The engine of one index folder, or of several searched as one."""
    from .api import SearchEngine

    return SearchEngine(index_dirs[0] if len(index_dirs) == 1 else list(index_dirs))


def _command(command: str, *options: str, query: str | None = None) -> str:
    """A search-engine command line that works as typed: the words quoted for the shell, the index given
    to this command when it was not the default one, and a query that starts with '-' after '--'."""
    import shlex

    ctx = click.get_current_context()
    given = ctx.params["index_dir"]
    index = [w for d in ((given,) if isinstance(given, str) else given) for w in ("--index", d)] \
        if ctx.meta.get("index_given") else []
    if query is None:
        words = [command, *options, *index]
    elif query.startswith("-"):
        words = [command, *options, *index, "--", query]
    else:
        words = [command, query, *options, *index]
    return " ".join(["search-engine", *(shlex.quote(w) for w in words)])


def _index_option(f):
    return click.option(
        "--index", "index_dir", callback=_resolve_index, type=click.Path(file_okay=False),
        help="Index folder  [default: index_data, or $SEARCH_ENGINE_INDEX]",
    )(f)


def _indexes_option(f):
    return click.option(
        "--index", "index_dir", callback=_resolve_indexes, type=click.Path(file_okay=False), multiple=True,
        help="Index folder; repeat it to search several indexes as one  [default: index_data, or $SEARCH_ENGINE_INDEX]",
    )(f)


def _check_encoding(ctx: click.Context, param, value):
    import codecs

    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (e.g. cp1251, latin-1, koi8-r, cp1252)") from None
    return value


def _output_options(f):
    """The output options shared by every command that prints results."""
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")(f)


def _handles_errors(f):
    """Turn our typed errors into a message and the documented exit code; tracebacks only with --debug."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = (ctx.find_root().params or {}).get("debug", False)
        try:
            return f(*args, **kwargs)
        except SearchEngineError as e:
            if debug:
                raise
            click.echo(f"Error: {command_line_words(str(e))}", err=True)
            ctx.exit(int(e.exit_status))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`search ... | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(int(ExitStatus.OK))
        except Exception as e:  # a bug: say so plainly, keep the traceback for --debug
            if debug:
                raise
            click.echo(f"Error: unexpected {type(e).__name__}: {e} (run with --debug for the traceback)", err=True)
            ctx.exit(int(ExitStatus.ERROR))

    return wrapper


# the CLI is the program (run() below): its process ends with the command it runs
_program = False


def _one_answer(f):
    """Run a command that answers from the index and ends (search, show, related, cite, list) without Python's
    cyclic garbage collector. Such a command imports NumPy, whoosh and most of the engine: their modules,
    classes and functions live as long as the process, yet every 700 new objects set off a collection, 70 in
    a cold query, which free almost nothing (about 20 ms of its CPU). The command's own garbage is freed by
    reference counting. The collector is on again after the command unless the process ends with it (the
    program, :func:`run`): turned on, it would first go once through all that the command made (10 ms)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            return f(*args, **kwargs)
        finally:
            if collecting and not _program:
                gc.enable()

    return wrapper


def _emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _marked(spans) -> str:
    """A snippet's matched words in bold yellow; click.echo drops the styling when output is not a terminal."""
    return "".join(click.style(text, fg="yellow", bold=True) if marked else text for text, marked in spans)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder for the command that follows.")
@click.version_option(package_name="search-engine", prog_name="search-engine")
def main(debug: bool, index_dir: str | None) -> None:
    """Full-text search over primary historical sources: cables, protocols, letters, memoranda.

    Exit codes: 0 ok (also when nothing matched), 1 error, 2 usage or malformed query,
    3 no index, 4 index damaged, 5 index locked by another build, 6 a remembered source is missing
    (its documents were kept).
    """


def _reading_sources() -> None:
    """Called before a command reads source files: pdfminer logs what it repairs in damaged PDFs ("MediaBox
    missing"), and a file we cannot read is reported in the build summary instead. Not done in ``main``: a
    query would import ``logging`` for it."""
    import logging

    debug = click.get_current_context().find_root().params.get("debug", False)
    logging.getLogger("pdfminer").setLevel(logging.DEBUG if debug else logging.ERROR)


def _building(message: str) -> None:
    """``open_or_build``'s notice that it builds (or rebuilds) the index of the default sources."""
    _reading_sources()
    click.echo(message, err=True)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start over instead of updating (the old index stays live until the new one is complete).")
@click.option("--prune", is_flag=True, help="Forget remembered sources that are missing, and remove their documents.")
@click.option("--encoding", callback=_check_encoding, help="Decode the text files that are not UTF-8 with this encoding (e.g. cp1251) instead of detecting theirs.")
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Seconds to wait for another build's lock.")
@click.option("--strict", is_flag=True, help="Fail (and write nothing) if any source file cannot be read, instead of skipping it.")
@click.option("--ocr-lang", "ocr_lang", metavar="LANGS", help="Tesseract's languages for scans, joined by + (eng+rus, deu)  [default: English and Russian, those installed]")
@click.option("--ocr", "ocr_photos", is_flag=True, help="Also read the photos of Tropy projects by OCR: each photo's text as passages of that photo.")
@click.option("-v", "--verbose", is_flag=True, help="List every file passed over, with its reason (the summary counts them).")
@_index_option
@_output_options
@_handles_errors
def index(sources, rebuild, prune, encoding, wait, strict, ocr_lang, ocr_photos, verbose, index_dir, as_json):
    """Build or update the index from SOURCES (files and folders).

    With no SOURCES, updates from the sources the index remembers. Unchanged files are skipped,
    changed ones re-read, deleted ones removed. Unreadable files are reported and skipped; an
    indexed file that cannot be read now keeps its last good version. A remembered source that is
    missing keeps its documents (exit 6) unless --prune is given. Searches keep using the previous
    index until the new one is complete; an interrupted build leaves the previous index as it was.
    """
    _build(sources, rebuild=rebuild, prune=prune, encoding=encoding, wait=wait, strict=strict,
           ocr_languages=ocr_lang, ocr_photos=ocr_photos, index_dir=index_dir, as_json=as_json, verbose=verbose)


def _build(sources, *, index_dir, as_json, verbose=False, **options) -> None:
    from .api import SearchEngine

    _reading_sources()
    engine = SearchEngine(index_dir)
    bar = _ProgressBar() if sys.stderr.isatty() and not as_json else None
    try:
        summary = engine.index(list(sources) or None, progress=bar, **options)
    finally:
        if bar is not None:
            bar.finish()
    _print_summary(summary, as_json, verbose)
    if summary.missing:
        for m in summary.missing:
            click.echo(f"Error: source {m.path} is missing ({m.reason}): its {_count(m.documents, 'document')} "
                       f"{'is' if m.documents == 1 else 'are'} kept. Restore it (mount the drive), or remove it on "
                       f"purpose: {_command('sources', 'remove', m.path)}", err=True)
        click.echo(f"  ({_command('index', '--prune')} forgets every missing source)", err=True)
        click.get_current_context().exit(int(ExitStatus.SOURCES_MISSING))


def _count(n: int, noun: str) -> str:
    """"1 passage", "2 passages"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _print_summary(summary, as_json: bool, verbose: bool = False) -> None:
    if as_json:
        _emit_json(summary.to_json())
        return
    verb = ("Built" if summary.created else "Rebuilt" if summary.rebuilt else "Updated" if summary.modified
            else "Up to date:")
    click.echo(f"{verb} {summary.index_dir}/: {_contents(summary)} ({summary.seconds:.2f} s)")
    if summary.modified and not (summary.rebuilt or summary.created):
        click.echo(f"  added {len(summary.added)}, changed {len(summary.changed)}, removed {len(summary.removed)}, "
                   f"unchanged {summary.unchanged}")
    if summary.formats:
        click.echo(f"  {'format':<10}{'files':>7}{'documents':>11}{'passages':>10}{'footnotes':>11}{'skipped':>9}")
        for f in summary.formats:
            click.echo(f"  {f.format:<10}{f.files:>7}{f.documents:>11}{f.passages:>10}{f.footnotes:>11}{f.skipped:>9}")
    for path in summary.forgotten:
        click.echo(f"Forgot the missing source {path} (its documents were removed).")
    if summary.stale:
        click.echo(f"Kept the last indexed version of {_count(len(summary.stale), 'file')} that cannot be read now "
                   "(it is replaced when the file can be read again, removed when the file is deleted):", err=True)
        for s in summary.stale:
            click.echo(f"  {s.path}: {s.reason}", err=True)
    if summary.ocr_pages or summary.ocr_cached:
        click.echo(f"  OCR: {_count(summary.ocr_pages, 'page')} read by Tesseract, {summary.ocr_cached} from its cache")
    _print_skipped(summary, verbose)
    if summary.warnings:
        click.echo(f"Warnings for {len(summary.warnings)} file(s):", err=True)
        for w in summary.warnings:
            click.echo(f"  {w.path}: {w.message}", err=True)


# the new skips of a build are listed up to this many; --verbose lists every skip, new or not
_LISTED = 10


def _print_skipped(summary, verbose: bool) -> None:
    from .model import SKIP_KINDS

    new = [s for s in summary.skipped if s.new]
    if new:
        click.echo(f"Skipped {len(new)} file(s):", err=True)
        for s in (new if verbose else new[:_LISTED]):
            click.echo(f"  {s.path}: {s.reason}", err=True)
        if len(new) > _LISTED and not verbose:
            click.echo(f"  ... and {len(new) - _LISTED} more ({_command('index', '--verbose')} lists them)", err=True)
    if len(new) < len(summary.skipped):  # listed by an earlier build: a count, not the list again
        click.echo(f"Skipped {len(summary.skipped) - len(new)} file(s) as before, unchanged since the last build "
                   f"({_command('index', '--verbose')} lists every skipped file with its reason).", err=True)
        if verbose:
            for s in summary.skipped:
                if not s.new:
                    click.echo(f"  {s.path}: {s.reason}", err=True)
    if summary.skipped:
        counts = ", ".join(f"{n} {SKIP_KINDS.get(kind, kind)}" for kind, n in summary.skipped_by_kind().items())
        click.echo(f"Passed over, by reason: {counts}", err=True)
    for notice in summary.notices:
        click.echo(notice, err=True)


def _contents(summary) -> str:
    return (f"{_count(summary.documents, 'document')}, {_count(summary.passages, 'passage')}, "
            f"{_count(summary.footnotes, 'footnote')}")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True, help="Seconds each update waits for another build's lock.")
@click.option("--poll", "polling", is_flag=True, help="Look at the folders every second instead of asking the system for events (network shares that send none).")
@_index_option
@_output_options
@_handles_errors
def watch(sources, wait, polling, index_dir, as_json):
    """Keep the index current as files are saved, moved or deleted, until Ctrl-C.

    SOURCES are indexed first (none: the index is brought up to date from the sources it remembers); then
    every change to a remembered source is published within a second or two as an update (a burst of
    changes is one update). A source that disappears keeps its documents; a Zotero library or Tropy project
    is re-read when its database changes. --json prints one JSON object a line for each update.
    """
    import signal
    import threading

    from .api import SearchEngine

    engine = SearchEngine(index_dir)
    stop = threading.Event()
    previous = signal.getsignal(signal.SIGINT)

    def interrupted(signum, frame):
        if stop.is_set():  # a second Ctrl-C while an update is being published: stop at once
            raise KeyboardInterrupt
        stop.set()

    def started(watched):
        # once watching, Ctrl-C asks the loop to stop rather than raising inside the watcher's queues and
        # threads (an exception there can leave a lock held, and the command hanging on its way out); the
        # first indexing before this stays interruptible as any command is
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, interrupted)
        if as_json:
            click.echo(json.dumps({"watching": watched, "index_dir": str(engine.index_dir)}))
            sys.stdout.flush()
            return
        click.echo(f"Watching {', '.join(watched) or 'nothing (no source is there)'} for {engine.index_dir}/ "
                   "(Ctrl-C to stop)")
        sys.stdout.flush()

    def published(batch) -> None:
        import time

        stamp = time.strftime("%H:%M:%S")
        if as_json:
            data = {"time": stamp, "paths": list(batch.paths)}
            data.update({"error": str(batch.error)} if batch.error is not None else {"summary": batch.summary.to_json()})
            click.echo(json.dumps(data, ensure_ascii=False))
            sys.stdout.flush()
            return
        if batch.error is not None:
            click.echo(f"{stamp} Error: {command_line_words(str(batch.error))}", err=True)
            return
        summary = batch.summary
        changed = (f"added {len(summary.added)}, changed {len(summary.changed)}, removed {len(summary.removed)}"
                   if summary.modified else "nothing changed")
        click.echo(f"{stamp} {changed} ({summary.seconds:.2f} s): {', '.join(batch.paths)}")
        for s in summary.skipped:
            if s.new:
                click.echo(f"  skipped {s.path}: {s.reason}", err=True)
        sys.stdout.flush()

    _reading_sources()
    try:
        engine.watch(list(sources) or None, stop=stop, on_batch=published, on_start=started, wait=wait,
                     polling=polling)
    except KeyboardInterrupt:
        pass
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, previous)
    click.echo("Stopped watching.")


@main.group(invoke_without_command=True)
@_index_option
@_output_options
@click.pass_context
@_handles_errors
def sources(ctx, index_dir, as_json):
    """List the sources the index remembers: whether each is there, and its files and documents.

    `sources remove PATH` forgets a source and removes its documents; `sources add PATH` indexes one
    (as `index PATH` does).
    """
    if ctx.invoked_subcommand is not None:
        return
    from .api import SearchEngine

    infos = SearchEngine(index_dir).sources()
    if as_json:
        _emit_json([i.to_json() for i in infos])
        return
    click.echo(f"{'status':<9}{'files':>6}{'documents':>11}  source")
    for i in infos:
        click.echo(f"{i.status:<9}{i.files:>6}{i.documents:>11}  {i.path}{_library_label(i.kind)}")
        for lib in i.libraries:  # found inside the folder: its items, under it
            click.echo(f"{lib.status:<9}{lib.files:>6}{lib.documents:>11}    {lib.path}{_library_label(lib.kind)}")


def _library_label(kind: str) -> str:
    return {"zotero": " (Zotero library)", "tropy": " (Tropy project)"}.get(kind, "")


@sources.command(name="remove")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Seconds to wait for another build's lock.")
@_index_option
@_output_options
@_handles_errors
def sources_remove(paths, wait, index_dir, as_json):
    """Forget the sources PATHS and remove their documents from the index (the files are not touched)."""
    from .api import SearchEngine

    engine = SearchEngine(index_dir)
    held = {i.path: i for i in engine.sources()}
    summary = engine.forget_sources(paths, wait=wait)
    if as_json:
        _emit_json(summary.to_json())
        return
    for path in summary.forgotten:
        click.echo(f"Forgot {path}: removed {_count(held[path].documents, 'document')} "
                   f"({_count(held[path].files, 'file')}).")
    click.echo(f"Updated {summary.index_dir}/: {_contents(summary)}")


@sources.command(name="add")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--encoding", callback=_check_encoding, help="Decode the text files that are not UTF-8 with this encoding (e.g. cp1251) instead of detecting theirs.")
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Seconds to wait for another build's lock.")
@_index_option
@_output_options
@_handles_errors
def sources_add(paths, encoding, wait, index_dir, as_json):
    """Index PATHS and remember them as sources (the same as `index PATHS`)."""
    _build(paths, rebuild=False, prune=False, encoding=encoding, wait=wait, strict=False, index_dir=index_dir,
           as_json=as_json)


class _ProgressBar:
    """A progress bar on the terminal for builds that take more than a second (shorter ones stay quiet),
    over the bytes of the files to read, labelled with the phase: reading a file (and the pages of a scan
    Tesseract is reading), indexing its passages, writing the index."""

    DELAY = 1.0

    def __init__(self):
        import time

        self._clock = time.monotonic
        self._started = self._clock()
        self._bar = None
        self._bytes = 0  # the build's total, for a bar that the OCR of a first long scan opens

    def __call__(self, phase: str, done: int, total: int, item: str) -> None:
        if phase == "ocr":  # pages of scans Tesseract is reading: told in the label, the bar stays on the file
            if self._bar is None and self._bytes and self._clock() - self._started >= self.DELAY:
                self._bar = click.progressbar(length=self._bytes, file=sys.stderr, label="")
            if self._bar is not None:
                self._bar.label = f"{f'OCR: page {done} of {total}'[:28]:<28}"
                self._bar.render_progress()
            return
        if phase == "read":
            self._bytes = total
        if self._bar is None:
            if self._clock() - self._started < self.DELAY or not total:
                return
            self._bar = click.progressbar(length=total, file=sys.stderr, label="")
        if phase == "read":
            label = f"Reading {os.path.basename(item)}"
        elif phase == "write":
            label = "Indexing passages"
        else:
            label = "Writing the index"
        label = f"{label[:28]:<28}"
        if done > self._bar.pos:
            self._bar.label = label
            self._bar.update(done - self._bar.pos)
        elif label != self._bar.label:  # a new phase at the same point (update would not draw it)
            self._bar.label = label
            self._bar.render_progress()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None


class _QueryCommand(click.Command):
    """A command whose words are a query: a word that starts with '-' (-Castro) is read as an option unless
    it comes after '--', and the usage error says so."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            options = {o.split("=")[0] for p in self.params for o in (*p.opts, *p.secondary_opts)}
            words = given[:given.index("--")] if "--" in given else given
            stray = next((a for a in words if a.startswith("-") and len(a) > 1 and a.split("=")[0] not in options),
                         None)
            if stray is not None:
                import shlex

                e.message += (f"\n(a query that starts with '-' goes after '--': "
                              f"search-engine {ctx.info_name} -- {shlex.quote(stray)} ...)")
            raise


@main.command(cls=_QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Passages to show.")
@click.option("--from", "date_from", metavar="DATE", help="Only documents dated on or after DATE (1962-10-27, 1962-10, 1962).")
@click.option("--to", "date_to", metavar="DATE", help="Only documents dated on or before DATE.")
@click.option("--classification", "-c", multiple=True, metavar="TEXT", help="Only documents with this marking (repeatable: any of them).")
@click.option("--lang", "language", multiple=True, metavar="CODE", help="Only passages written in this language: en, ru, or a name such as Russian (repeatable).")
@click.option("--doc", "doc", multiple=True, metavar="ID", help="Only passages of this document (repeatable).")
@click.option("--collection", "collection", multiple=True, metavar="NAME", help="Only items of this Zotero collection or Tropy list (repeatable: any of them).")
@click.option("--tag", "tag", multiple=True, metavar="NAME", help="Only library items with this tag (repeatable: any of them).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance", show_default=True, help="Order of the hits (by date: undated last).")
@click.option("--per-doc", type=click.IntRange(min=0), default=0, show_default=True, help="At most N passages from one document (the rest are counted as \"+ K more\"); 0 shows every passage in rank order.")
@click.option("--facets", is_flag=True, help="Also count the matches by classification, year, month and document (and a library's collections and tags).")
@click.option("--no-dedupe", "no_dedupe", is_flag=True, help="Show every copy and version of a text as hits of its own, instead of one hit with 'also in'.")
@click.option("--aliases", "aliases", type=click.Path(dir_okay=False), help="Aliases file (lines like 'Pavlov = Alekseev')  [default: aliases.txt in the index folder]")
@click.option("--no-thesaurus", "no_thesaurus", is_flag=True, help="Do not also search the other names the shipped thesaurus gives events, treaties and people.")
@click.option("-C", "--context", type=click.IntRange(min=0), default=0, show_default=True, help="Show N neighbouring paragraphs around each hit.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "jsonl", "ris"]), default="text", show_default=True,
              help="text or json: the page of hits; csv, jsonl or ris: every matching passage (up to 10,000, or -n), for a spreadsheet or a reference manager.")
@_indexes_option
@_output_options
@_handles_errors
@_one_answer
def search(query, limit, date_from, date_to, classification, language, doc, collection, tag, sort, per_doc, facets,
           no_dedupe, aliases, no_thesaurus, context, fmt, index_dir, as_json):
    """Search the index for QUERY and print ranked passages.

    QUERY is words (any inflection matches), "exact phrases", AND/OR/NOT, field:value with the fields
    title, body, footnote, classification, citation and date (date:1962-10-28, date:[1962-10-27 TO 1962-10-29]),
    and for Zotero and Tropy items collection (or list) and tag (collection:"Cuban Missile Crisis").
    Several words are one query (search Castro Kennedy); a query that starts with '-' goes after '--'
    (search -- -Castro Kennedy). On first use with no index (and no --index named), the index is built from
    ./seeds.
    """
    from .api import open_or_build

    query = " ".join(query)

    if len(index_dir) > 1:  # several indexes: each built with its own `index` command
        engine = _engine(index_dir)
    else:
        engine = open_or_build(index_dir[0], _first_use_sources(), notify=_building)
    ctx = click.get_current_context()
    if fmt in ("csv", "jsonl", "ris"):
        given = {name for name in ("limit", "per_doc") if ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT}
        chunks = engine.export(query, fmt, limit=limit if "limit" in given else None, date_from=date_from,
                               date_to=date_to, classification=classification, language=language, doc=doc, sort=sort,
                               aliases=aliases, thesaurus=not no_thesaurus,
                               **({"per_doc": per_doc} if "per_doc" in given else {}))
        for chunk in chunks:
            click.echo(chunk, nl=False)
        if chunks.passages < chunks.total:
            click.echo(f"Exported the first {chunks.passages} of {chunks.total} matching passages.", err=True)
        return
    as_json = as_json or fmt == "json"
    results = engine.search(query, limit=limit, date_from=date_from, date_to=date_to,
                            classification=classification, language=language, doc=doc, sort=sort,
                            per_doc=per_doc, facets=facets, aliases=aliases, thesaurus=not no_thesaurus, context=context,
                            dedupe=not no_dedupe, collection=collection, tag=tag)
    for w in results.warnings:
        click.echo(f"Warning: {w}", err=True)
    if as_json:
        _emit_json(results.to_json())
    else:
        for word, group in results.expansions:
            click.echo(f"Searched {word} as {' OR '.join(group)} (aliases).")
        for word, spelling in results.respellings:
            click.echo(f"No passage holds {word!r}: searched {spelling!r} too.")
        if results.unknown:
            click.echo(f"No passage holds {_either(results.unknown)}.", err=not results.hits)
        _print_hits(results, _more_command(query), scored=sort == "relevance")
        if results.facets is not None:
            _print_facets(results.facets, results.document_titles)
    if not results.hits:
        click.echo(f"No passages match {query!r}.", err=True)
    if not as_json:  # JSON carries them in "suggestions"
        for suggestion in results.suggestions:
            click.echo(f"Did you mean: {suggestion}", err=not results.hits)


def _either(words) -> str:
    """'Oswald', "'Oswald' or 'Ruby'", "'a', 'b' or 'c'"."""
    quoted = [repr(w) for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# what the "+ K more in this document" command sets itself, or leaves out (it shows passages, not counts)
_NOT_CARRIED = {"query", "doc", "per_doc", "limit", "facets", "as_json", "fmt", "index_dir"}


def _more_command(query: str):
    """The command that shows every matching passage of one document: this search as it was typed (its
    index, filters and display options), for that document, without grouping."""
    ctx = click.get_current_context()
    options: list[str] = []
    for param in ctx.command.params:
        if param.name in _NOT_CARRIED or ctx.get_parameter_source(param.name) in (
                None, click.core.ParameterSource.DEFAULT):
            continue
        value = ctx.params[param.name]
        name = max(param.opts, key=len)
        if getattr(param, "is_flag", False):
            options += [name] if value else []
        elif getattr(param, "multiple", False):
            options += [x for v in value for x in (name, str(v))]
        else:
            options += [name, str(value)]

    def command(doc_id: str, matching: int) -> str:
        default = next(p.default for p in ctx.command.params if p.name == "limit")
        limit = ["-n", str(matching)] if matching > default else []
        return _command("search", "--doc", doc_id, "--per-doc", "0", *limit, *options, query=query)

    return command


def _print_hits(results, more_command, scored: bool = True) -> None:
    shown = len(results.hits)
    if shown:
        click.echo(f"{results.total} passage(s) in {results.documents} document(s) match; showing {shown}.\n")
    last_of_doc = {hit.doc_id: hit.rank for hit in results.hits}
    for hit in results.hits:
        meta = " · ".join(x for x in (str(hit.date) if hit.date else _undated(hit.period), hit.place,
                                      ", ".join(hit.classification), hit.language)
                          if x)
        click.echo(click.style(f"{hit.rank}. {hit.title}", bold=True) + f"  [{meta}]")
        where = hit.passage_id + (f" · {'photo' if hit.image else 'p.'} {hit.page}" if hit.page else "")
        if hit.source:  # the file (a member of a ZIP, an e-mail or an mbox: in which container)
            where += f" · {hit.source}"
        if hit.index:  # one of several indexes searched as one
            where += f" · index {hit.index}/"
        click.echo(click.style(f"   {where}" + (f" · score {hit.score:.2f}" if scored else ""), dim=True))
        if hit.library_link or hit.image:  # an item of a library: where it opens there (Zotero), its photo (Tropy)
            click.echo(click.style(f"   {hit.library_link or 'photo: ' + hit.image}", dim=True))
        for p in hit.before:
            click.echo(click.style(f"   ¶{p.paragraph} {p.text}", dim=True))
        if hit.snippet_field == "body":
            click.echo("   " + _marked(hit.snippet_spans))
        else:  # the passage itself, then the title, note or summary that matched
            click.echo("   " + _marked(hit.passage_snippet_spans))
            click.echo("   ↳ " + _marked(hit.snippet_spans))
        for p in hit.after:
            click.echo(click.style(f"   ¶{p.paragraph} {p.text}", dim=True))
        for note in hit.footnotes:
            if not hit.snippet.startswith(f"[note {note.number}]"):
                click.echo(click.style(f"   [{note.number}] {note.text}", fg="cyan"))
        _print_connections(hit)
        if hit.more_in_document and last_of_doc[hit.doc_id] == hit.rank:
            matching = hit.more_in_document + sum(h.doc_id == hit.doc_id for h in results.hits)
            click.echo(click.style(f"   + {hit.more_in_document} more in this document "
                                   f"({more_command(hit.doc_id, matching)})", dim=True))
        click.echo()


def _undated(period: DateRange | None) -> str:
    """"undated", with the years of the volume or collection an undated document stands in."""
    if not period:
        return "undated"
    first, last = period.start.year, period.end.year
    years = f"{first}" if first == last else f"{first}–{last}"
    return f"undated (in a volume of {years})"


def _print_connections(hit) -> None:
    """Under a hit: what its passage cites, resolved, and the other copies of its text."""
    for ref, links in hit.references:
        for link in links:
            click.echo(click.style(f"   → {_describe(link)}", fg="green") + click.style(f"  ({ref.text})", dim=True))
    if hit.also_in:
        click.echo(click.style("   also in: ", fg="magenta") + "; ".join(
            f"{link.passage_id or link.doc_id} ({_relation(link)}: {link.source})" for link in hit.also_in))
    if hit.shared:
        click.echo(click.style("   shares: ", dim=True) + ", ".join(hit.shared[:12]))
    if hit.shared_subjects:
        click.echo(click.style("   index: ", dim=True) + "; ".join(hit.shared_subjects))


def _describe(link) -> str:
    """'frus1961-63v06-d27: Letter From Chairman Khrushchev to President Kennedy, 1961-12-13'."""
    return f"{link.doc_id}: {link.title}" + (f", {link.date}" if link.date else "")


def _citation(link, source: str) -> str:
    """How a related document and the source cite each other, as a line under the hit."""
    said = f" (“{link.reference.text}”)" if link.reference else ""
    where = f" ¶{link.reference.paragraph}" if link.reference and link.reference.paragraph else ""
    if link.relation == "cites":
        return f"cites {source} in{where or ' its metadata'}{said}"
    if link.relation == "cited by":
        return f"cited by {source}{where}{said}"
    if link.relation == "cited with":
        return f"cited with {source} by {_describe(link)}"
    if link.relation == "record":
        return f"the same {link.detail} as {source}" + (f": {link.section!r}" if link.section else "")
    return f"cites {_describe(link)}, as {source} does"


def _relation(link) -> str:
    if link.relation == "same text":
        return f"same text, {link.similarity:.0%}" if link.similarity is not None else "same text"
    if link.relation == "version":
        return f"{link.detail or 'version'}, {link.language}"
    return link.relation




_SPARKS = "▁▂▃▄▅▆▇█"


def _print_facets(facets: dict, titles: dict[str, str]) -> None:
    """Counts by classification, language, year and document as bars (a document's title after its bar),
    and the months as a sparkline."""
    for name, title, top in (("index", "By index", 12), ("classification", "By classification", 12),
                             ("language", "By language", 12),
                             ("collection", "By collection", 12), ("tag", "By tag", 12),
                             ("folder", "By folder", 12), ("year", "By year", 40),
                             ("document", "By document", 10)):
        counts = facets.get(name) or {}
        if not counts:
            continue
        click.echo(click.style(title, bold=True))
        width = max(len(k) for k in list(counts)[:top])
        peak = max(counts.values())
        for key, n in list(counts.items())[:top]:
            bar = "█" * max(1, round(20 * n / peak))
            label = f"{bar:<20}  {titles[key]}" if name == "document" and titles.get(key) else bar
            click.echo(f"  {key:<{width}}  {n:>6}  {label}")
        if len(counts) > top:
            click.echo(f"  ... {len(counts) - top} more")
    months = {k: v for k, v in (facets.get("month") or {}).items() if k != "undated"}
    if months:
        series = _month_series(months)
        peak = max(series.values())
        line = "".join(_SPARKS[min(7, (n * 8 - 1) // peak)] if n else " " for n in series.values())
        click.echo(click.style("By month", bold=True) + f"  {min(series)} {line} {max(series)}  (peak {peak})")


def _month_series(months: dict[str, int]) -> dict[str, int]:
    """Every month from the first to the last, zeros included, so the sparkline keeps time to scale."""
    first, last = min(months), max(months)
    y, m = int(first[:4]), int(first[5:7])
    series: dict[str, int] = {}
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        series[key] = months.get(key, 0)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return series


@main.command()
@click.argument("doc_or_passage_id")
@click.option("-C", "--context", type=click.IntRange(min=0), default=None, help="For a passage id: show N paragraphs around it instead of the whole document.")
@_indexes_option
@_output_options
@_handles_errors
@_one_answer
def show(doc_or_passage_id, context, index_dir, as_json):
    """Print a document (DOC_ID) or a passage (DOC_ID#pN) with its metadata and footnotes.

    With several --index, the first index that holds the document."""
    engine = _engine(index_dir)
    if "#p" in doc_or_passage_id:
        doc, passages = engine.passage(doc_or_passage_id, context or 0)
        numbers = {p.paragraph for p in passages}
    else:
        doc = engine.document(doc_or_passage_id)
        numbers = {p.number for p in doc.paragraphs}
    paragraphs = [p for p in doc.paragraphs if p.number in numbers]
    footnotes = [f for f in doc.footnotes if f.paragraph in numbers or (f.paragraph is None and len(numbers) == len(doc.paragraphs))]
    connections = engine.connections(doc.doc_id)
    if as_json:
        data = doc.to_json()
        data["paragraphs"] = [p.to_json() for p in paragraphs]
        data["footnotes"] = [f.to_json() for f in footnotes]
        data["connections"] = connections.to_json()
        _emit_json(data)
        return
    click.echo(click.style(doc.title, bold=True))
    if doc.subtitle and doc.subtitle not in doc.title:  # "Memorandum for the Record: <its subject>" says it
        click.echo(doc.subtitle)
    from .vocabulary.language_names import LANGUAGES

    language = f"{LANGUAGES.get(doc.language, doc.language)} ({doc.language})" if doc.language else ""
    date = doc.date.iso if doc.date else _undated(doc.period) if doc.period else ""
    for label, value in (("Date", date), ("Place", doc.place),
                         ("Classification", ", ".join(doc.classification)), ("Language", language),
                         ("Original language", doc.original_language), ("Citation", doc.citation),
                         ("Summary", doc.summary), ("Persons", "; ".join(doc.persons)),
                         ("Item type", doc.item_type), ("Collections" if doc.format != "tropy" else "Lists",
                                                        "; ".join(doc.collections)), ("Tags", "; ".join(doc.tags)),
                         ("Source", f"{doc.source} ({doc.format})"), ("Open in Zotero", doc.link)):
        if value:
            click.echo(f"{label}: {value}")
    if doc.header:
        click.echo("Header: " + " | ".join(doc.header))
    if fields := doc.labelled_fields():
        click.echo("Fields:")
        for label, value in fields:
            click.echo(f"  {label}: {value}")
    click.echo()
    page = None
    for p in paragraphs:
        if p.page and p.page != page:
            page = p.page
            click.echo(click.style(f"— {'photo' if p.image else 'page'} {page} —", dim=True))
        click.echo(click.style(f"¶{p.number} ", dim=True) + p.text)
    if footnotes:
        click.echo()
        for f in footnotes:
            click.echo(click.style(f"[{f.number}] ", fg="cyan") + f.text)
    _print_document_connections(connections, numbers if len(numbers) != len(doc.paragraphs) else None)


def _print_document_connections(connections, paragraphs: set[int] | None) -> None:
    """What a document cites (resolved where the cited document is indexed), what cites it, its copies and
    versions, and the records of the same protocol or file; for a passage, only what concerns its paragraphs."""
    refs = [(r, links) for r, links in connections.references if paragraphs is None or r.paragraph in paragraphs]
    if refs:
        click.echo()
        click.echo(click.style("Cites", bold=True))
        for ref, links in refs:
            where = (f"¶{ref.paragraph}" if ref.paragraph else "citation") + (f" [{ref.footnote}]" if ref.footnote else "")
            targets = "; ".join(_describe(link) for link in links) or "not in the index"
            click.echo(f"  {where:<10} {ref.text} → {targets}")
    if paragraphs is not None:
        return
    if connections.cited_by:
        click.echo()
        click.echo(click.style("Cited by", bold=True))
        for link in connections.cited_by:
            where = f" ¶{link.reference.paragraph}" if link.reference and link.reference.paragraph else ""
            said = f" (“{link.reference.text}”)" if link.reference else ""
            click.echo(f"  {_describe(link)}{where}{said}")
    if connections.copies:
        click.echo()
        click.echo(click.style("Copies and versions", bold=True))
        for link in connections.copies:
            click.echo(f"  {link.doc_id}  {_relation(link)}  {link.source}")
    if connections.records:
        click.echo()
        click.echo(click.style("Related records", bold=True))
        for link in connections.records:
            click.echo(f"  {_describe(link)}: the same {link.detail}")
            if link.section and link.section_paragraphs:
                first, last = link.section_paragraphs
                click.echo(f"    corresponds to {link.section!r} (¶{first}–{last} of {link.passage_id.split('#')[0] or connections.doc_id})")
            if link.alignment:
                click.echo("    paragraphs that align: " + ", ".join(f"¶{a} ~ ¶{b}" for a, b in link.alignment))


@main.command()
@click.argument("doc_or_passage_id")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Passages to show.")
@click.option("--per-doc", type=click.IntRange(min=0), default=1, show_default=True, help="At most N passages from one document; 0 shows them all.")
@click.option("--from", "date_from", metavar="DATE", help="Only documents dated on or after DATE (1962-10-27, 1962-10, 1962).")
@click.option("--to", "date_to", metavar="DATE", help="Only documents dated on or before DATE.")
@click.option("--classification", "-c", multiple=True, metavar="TEXT", help="Only documents with this marking (repeatable: any of them).")
@click.option("--lang", "language", multiple=True, metavar="CODE", help="Only passages written in this language (repeatable).")
@click.option("--doc", "doc", multiple=True, metavar="ID", help="Only passages of this document (repeatable).")
@_indexes_option
@_output_options
@_handles_errors
@_one_answer
def related(doc_or_passage_id, limit, per_doc, date_from, date_to, classification, language, doc, index_dir, as_json):
    """Print the passages and documents most like a document (DOC_ID) or a passage (DOC_ID#pN).

    The source's most distinctive words and names are searched; each hit says which it shares. The source
    and its copies are left out; the filters are those of search.
    """
    results = _engine(index_dir).related(doc_or_passage_id, limit=limit, per_doc=per_doc, date_from=date_from,
                                              date_to=date_to, classification=classification, language=language,
                                              doc=doc)
    for w in results.warnings:
        click.echo(f"Warning: {w}", err=True)
    if as_json:
        _emit_json(results.to_json())
        return
    if results.terms:
        click.echo(f"Searched the words and names that stand out in {results.source}: {', '.join(results.terms)}.")
    if results.hits:
        click.echo(f"{results.documents} document(s) ({results.total} passage(s)) share some of them, an index "
                   f"heading or a citation; showing {len(results.hits)}.\n")
    for hit in results.hits:
        meta = " · ".join(x for x in (str(hit.date or "undated"), hit.place, ", ".join(hit.classification), hit.language) if x)
        click.echo(click.style(f"{hit.rank}. {hit.title}", bold=True) + f"  [{meta}]")
        where = hit.passage_id + (f" · p. {hit.page}" if hit.page else "")
        when = results.when(hit)
        click.echo(click.style(f"   {where} · score {hit.score:.2f}" + (f" · {when}" if when else ""), dim=True))
        click.echo("   " + _marked(hit.snippet_spans))
        if hit.link:
            click.echo(click.style("   " + _citation(hit.link, results.source.split("#")[0]), fg="green"))
        _print_connections(hit)
        click.echo()
    if not results.hits:
        click.echo(f"No passage elsewhere shares the words that stand out in {results.source}.", err=True)


@main.command()
@click.argument("doc_or_passage_id")
@click.option("--format", "fmt", type=click.Choice(["chicago", "ris", "csl-json", "bibtex"]), default="chicago",
              show_default=True, help="A Chicago note, or a record for a reference manager (Zotero reads RIS and CSL-JSON).")
@_indexes_option
@_output_options
@_handles_errors
@_one_answer
def cite(doc_or_passage_id, fmt, index_dir, as_json):
    """Print the citation of a document (DOC_ID) or of a passage (DOC_ID#pN: with its page and paragraph).

    --json is the same as --format csl-json, the JSON form of a citation."""
    text = _engine(index_dir).cite(doc_or_passage_id, "csl-json" if as_json else fmt)
    click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but this computer's own makes the index readable by the network.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser once it is served.")
@_indexes_option
@_handles_errors
def serve(host, port, open_browser, index_dir):
    """Serve a local, read-only web page over the index: search, filter, read and cite.

    Prints the address; Ctrl-C stops it. Every page has a JSON twin (the same address with .json).
    On first use with no index (and no --index named), the index is built from ./seeds.
    """
    from .api import open_or_build
    from .web import create_app
    from .web.server import is_loopback, make_server, url_of

    if len(index_dir) > 1:
        engine = _engine(index_dir)
    else:
        engine = open_or_build(index_dir[0], _first_use_sources(), notify=_building)
    engine.documents()  # a damaged or outdated index fails here, with its exit code, not on the first page
    names = ", ".join(f"{d}/" for d in index_dir) if len(index_dir) > 1 else f"{engine.index_dir}/"
    if not is_loopback(host):
        click.echo(f"Warning: --host {host} makes the index in {names} readable by anyone who can reach "
                   "this computer on the network.", err=True)
    try:
        server = make_server(create_app(engine, name=names.rstrip("/")), host, port)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    url = url_of(server, host)
    click.echo(f"Serving {names} at {url} (Ctrl-C to stop)", err=False)
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        engine.close()


@main.command()
@_index_option
@_output_options
@_handles_errors
def check(index_dir, as_json):
    """Verify every file of the index against its checksum manifest (exit 4 if damaged)."""
    from .api import SearchEngine

    engine = SearchEngine(index_dir)
    files = engine.verify()
    if str(index_dir).startswith("solr://"):  # a collection: its documents hold exactly their passages
        if as_json:
            _emit_json({"index_dir": str(engine.index_dir), "documents": files})
            return
        click.echo(f"{engine.index_dir}: {_count(files, 'document')} hold exactly their passages; every shard has "
                   "a live leader.")
        return
    if as_json:
        _emit_json({"index_dir": str(engine.index_dir), "files": files})
        return
    click.echo(f"{engine.index_dir}/: {_count(files, 'file')} match their checksums.")


@main.command()
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Seconds to wait for another build's lock.")
@_index_option
@_output_options
@_handles_errors
def compact(wait, index_dir, as_json):
    """Merge the index into one segment and one document store file (searches keep running meanwhile).

    Updates merge as they go; after many of them this gives the speed of a rebuilt index without reading
    the sources again.
    """
    from .api import SearchEngine

    summary = SearchEngine(index_dir).compact(wait=wait)
    if as_json:
        _emit_json(summary.to_dict())
        return
    click.echo(f"Compacted {summary.index_dir}/: {summary.documents} documents, {summary.passages} passages, "
               f"{summary.footnotes} footnotes ({summary.seconds:.2f} s)")


@main.command(name="list")
@_indexes_option
@_output_options
@_handles_errors
@_one_answer
def list_documents(index_dir, as_json):
    """List the indexed documents with their metadata."""
    docs = _engine(index_dir).documents()
    if as_json:
        _emit_json([d.to_json() for d in docs])
        return
    for d in docs:
        marks = f" [{', '.join(d.classification)}]" if d.classification else ""
        where = f"; index {d.index}/" if d.index else ""
        click.echo(f"{d.doc_id}  {d.date or _undated(d.period):10}  {d.title}{marks}  "
                   f"({_count(d.passages, 'passage')}, {_count(d.footnotes, 'footnote')}; {d.language or '?'}, "
                   f"{d.format}; {d.source}{where})")
    click.echo(f"{_count(len(docs), 'document')}.", err=True)


@main.group(invoke_without_command=True)
@_index_option
@_output_options
@click.pass_context
@_handles_errors
def solr(ctx, index_dir, as_json) -> None:
    """A SolrCloud collection as the index: pass --index solr://HOST:PORT/solr/COLLECTION to any command.

    Without a subcommand, shows where the replicas of each shard of the --index collection are, their
    state and leaders; `solr init URL` creates a collection.
    """
    from .api import SearchEngine

    if ctx.invoked_subcommand is not None:
        return
    if not index_dir.startswith("solr://"):
        raise click.BadParameter(f"{index_dir!r} is not a Solr URL (solr://HOST:PORT/solr/COLLECTION)",
                                 param_hint="--index")
    shards = SearchEngine(index_dir).health()
    if as_json:
        _emit_json(shards)
        return
    for shard, replicas in shards.items():
        click.echo(f"{shard}: " + ", ".join(f"{r['node']} {r['state']}{' (leader)' if r['leader'] else ''}"
                                            f"{'' if r['live'] else ' (node down)'}" for r in replicas))


@solr.command(name="init")
@click.argument("url", required=False)
@click.option("--shards", type=click.IntRange(min=1), default=1, show_default=True, help="Shards the collection is split into.")
@click.option("--replicas", type=click.IntRange(min=1), default=1, show_default=True, help="Copies of each shard, on different nodes.")
@_index_option
@_output_options
@_handles_errors
def solr_init(url, shards, replicas, index_dir, as_json):
    """Upload the configset shipped with search-engine and create the collection URL names
    (solr://HOST:PORT/solr/COLLECTION; several nodes: solr://H1:P1,H2:P2/solr/COLLECTION; default: --index)."""
    from .api import SearchEngine

    url = url or index_dir
    if not url.startswith("solr://"):
        raise click.BadParameter(f"{url!r} is not a Solr URL (solr://HOST:PORT/solr/COLLECTION)", param_hint="URL")
    done = SearchEngine(url).init_collection(shards=shards, replicas=replicas)
    if as_json:
        _emit_json(done)
        return
    if done["created"]:
        click.echo(f"Created {url}: {_count(shards, 'shard')} x {_count(replicas, 'replica')}, configset "
                   f"{done['configset']!r}. Next: search-engine index SOURCES... --index {url}")
    else:
        click.echo(f"{url} exists already (made from search-engine's configset): kept as it is.")


def run() -> None:
    """The program: ``search-engine`` and ``python -m search_engine``, the CLI in a process of its own."""
    global _program
    _program = True
    # NumPy's OpenBLAS starts a thread for each core as NumPy is imported, each spinning for work a query never
    # gives it (the engine multiplies no matrices): one thread saves a cold query about 0.06 s of CPU, and on a
    # busy two-core machine about 0.1 s of its wall time (benchmarks/desktop.py). The command's own process only:
    # a program that embeds the engine keeps its own setting.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main(prog_name="search-engine")


if __name__ == "__main__":
    run()
