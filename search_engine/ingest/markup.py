"""Markup sources: LaTeX, reStructuredText and AsciiDoc, as editions and researchers write them.

An edition typeset with LaTeX, or a transcription kept as Sphinx or docutils source, says in its markup what a
plain-text rendering leaves to be guessed: a heading is ``\\section{...}`` or a title underlined with ``===``, a
note is ``\\footnote{...}`` or ``[#]_`` with its ``.. [#]`` text, a right-set dateline is ``flushright``, a field
is ``:Date: ...``. Each is read with a library that knows its syntax (pylatexenc for LaTeX, docutils for
reStructuredText) into the shape a word processor's file is read into (:class:`.office.Written`): paragraphs in
order with ``[n]`` where a note is cited, headings and fields on lines of their own, a right-set line set far
right, list items marked, and each section's notes after it. That text then goes through the text parser, which
tells the title, date, classification and notes as it does for any text.

A file is taken for LaTeX when it is named ``.tex`` or ``.latex``, or when its head declares a LaTeX document
(``\\documentclass``, ``\\begin{document}``); for reStructuredText when it is named ``.rst`` or ``.rest`` (or
``.rst.txt``, as Sphinx publishes a page's source), or when its text uses reStructuredText's own markup (explicit
markup such as ``.. [1]``, ``.. note::`` or ``.. _target:``, a field list's ``:Date: ...``, note references such as
``[#]_``) in several places; for AsciiDoc when it is named ``.adoc`` or ``.asciidoc``, or when its text uses
AsciiDoc's own markup (``footnote:[...]``, a block's ``[.role]`` line, ``== Section`` titles, ``:attribute:``
lines) in several places. AsciiDoc has no well-kept Python parser: its core syntax (section titles, attribute and
role lines, delimited blocks, lists, tables, ``footnote:`` macros, links, cross references, emphasis) is read here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from ..errors import SourceError
from ..model import Document
from .office import Written, written_document

# a LaTeX document's declaration, in the head of a file of any name
LATEX_HEAD = re.compile(r"^[ \t]*\\(?:documentclass|begin\s*\{document\})", re.MULTILINE)
# reStructuredText's own markup: explicit markup lines (a note's text, a directive, a target, a comment's
# field-like "..  |sub| replace::") and references to notes or targets
_RST_EXPLICIT = re.compile(r"^\.\. (?:\[(?:#[\w-]*|\d+|\*)\] |_[^:\n]+:(?: |$)|\|[^|\n]+\| \w[\w-]*::|\w[\w:-]*::(?: |$))",
                           re.MULTILINE)
_RST_REFERENCE = re.compile(r"\[(?:#[\w-]*|\d+|\*)\]_|`[^`\n]+`_\b|:(?:ref|doc|term|numref):`")
# a field list's field, as docutils and Sphinx put them under a title: ":Date: 1961-04-18"
_RST_FIELD = re.compile(r"^:(?!\w+:`)[^\W\d_][\w .-]{0,30}: ", re.MULTILINE)
_RST_SIGNS = 3  # reStructuredText's markup at least this often in a file not named .rst


def looks_like_latex(head: str) -> bool:
    return bool(LATEX_HEAD.search(head))


def looks_like_rst(head: str) -> bool:
    explicit, fields = len(_RST_EXPLICIT.findall(head)), len(_RST_FIELD.findall(head))
    signs = explicit + fields + len(_RST_REFERENCE.findall(head))
    return signs >= _RST_SIGNS and (explicit > 0 or fields >= 2)


def rst_by_name(name: str) -> bool:
    """Sphinx publishes each page's source as ``_sources/page.rst.txt`` ("Show Source"): reStructuredText by name."""
    lower = name.lower()
    return lower.endswith((".rst.txt", ".rest.txt"))


# --- LaTeX ---

_HEADINGS = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5,
             "subparagraph": 6, "addpart": 0, "addchap": 1, "addsec": 2}
_INLINE = frozenset({"textbf", "textit", "emph", "textsc", "textrm", "textsf", "texttt", "textup", "textmd",
                     "textnormal", "underline", "uline", "mbox", "hbox", "textsuperscript", "textsubscript",
                     "foreignlanguage", "textlatin", "enquote", "text", "textsl", "lowercase", "MakeLowercase", "url",
                     "sout", "st", "hl", "marginpar"})
_DROPPED = frozenset({"label", "index", "ref", "pageref", "eqref", "cite", "nocite", "vspace", "hspace", "noindent",
                      "indent", "centering", "raggedright", "raggedleft", "newpage", "clearpage", "cleardoublepage",
                      "pagebreak", "nopagebreak", "bigskip", "medskip", "smallskip", "vfill", "hfill",
                      "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge",
                      "Huge", "setlength", "addtolength", "setcounter", "addtocounter", "thispagestyle", "pagestyle",
                      "usepackage", "documentclass", "tableofcontents", "listoffigures", "listoftables",
                      "bibliographystyle", "bibliography", "printbibliography", "addbibresource", "selectlanguage",
                      "markboth", "markright", "phantomsection", "addcontentsline", "newcommand", "renewcommand",
                      "providecommand", "def", "let", "input", "include", "includegraphics", "hline", "cline",
                      "toprule", "midrule", "bottomrule", "protect", "frenchspacing", "sloppy", "itshape", "bfseries",
                      "scshape", "upshape", "rmfamily", "sffamily", "ttfamily", "normalfont", "and", "thanks", "null",
                      "relax", "caption", "hypersetup", "geometry", "linespread", "onehalfspacing", "doublespacing",
                      "singlespacing", "today"})
_RIGHT = frozenset({"flushright", "raggedleft", "FlushRight"})
_CENTRED = frozenset({"center", "Center", "centering"})
_LISTS = {"itemize": "-", "enumerate": "1", "description": ":", "compactitem": "-", "compactenum": "1"}
_TABLES = frozenset({"tabular", "tabular*", "tabularx", "longtable", "tabulary", "array"})
_VERBATIM = frozenset({"verbatim", "verbatim*", "lstlisting", "Verbatim", "minted", "alltt"})
_SKIPPED_ENVIRONMENTS = frozenset({"comment", "figure", "figure*", "thebibliography", "tikzpicture", "picture"})
_RIGHT_INDENT = 40  # a right-set line, as a typescript's right-aligned date stands
_CENTRE_INDENT = 20


@dataclass
class _Out:
    """Paragraphs as they are written, the notes cited so far and those still to be printed."""

    paragraphs: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    pending: list[tuple[str, str]] = field(default_factory=list)  # notes cited in the section being read
    count: int = 0
    indent: int = 0

    def write(self, text: str) -> None:
        self.current.append(text)

    def flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        for part in re.split(r"\n[ \t]*\n", text):
            lines = [re.sub(r"[ \t]+", " ", line).strip() for line in part.split("\n")]
            if self.indent:
                for line in lines:
                    if line:
                        self.paragraphs.append(" " * self.indent + line)
                continue
            joined = _join_lines(lines)
            if joined:
                self.paragraphs.append(joined)

    def notes_out(self) -> None:
        self.flush()
        self.paragraphs.extend(f"[{number}] {text}" for number, text in self.pending if text)
        self.pending = []


def _join_lines(lines: list[str]) -> str:
    """A paragraph's source lines as one line; a forced break (``\\\\``, kept as a form feed) stays a line break."""
    text = " ".join(line for line in lines if line)
    return "\n".join(part.strip() for part in text.split("\f") if part.strip())


def read_latex(text: str, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> list[Document]:
    """The documents of a LaTeX file: its text read through the text parser as any text is."""
    from pylatexenc import latexwalker

    try:
        nodes, _, _ = latexwalker.LatexWalker(text, latex_context=_latex_context(),
                                              tolerant_parsing=True).get_latex_nodes()
    except latexwalker.LatexWalkerError as e:
        raise SourceError(source, f"LaTeX it cannot parse ({e})") from None
    reader = _LatexReader()
    document = next((n for n in nodes if n is not None and n.isNodeType(latexwalker.LatexEnvironmentNode)
                     and n.environmentname == "document"), None)
    if document is None:
        reader.walk(nodes)
    else:
        reader.preamble(nodes)
        reader.walk(document.nodelist)
        if not reader.made_title:
            reader.title_block()
    reader.out.notes_out()
    return _documents(Written(paragraphs=reader.out.paragraphs), doc_id, source, "latex", file_days)


_CONTEXT = None


def _latex_context():
    """pylatexenc's macros, with the arguments of those it does not know that editions use."""
    global _CONTEXT
    if _CONTEXT is None:
        from pylatexenc.latexwalker import get_default_latex_context_db
        from pylatexenc.macrospec import MacroSpec

        _CONTEXT = get_default_latex_context_db()
        _CONTEXT.add_context_category("editions", prepend=True, macros=[
            MacroSpec("footnotetext", "[{"), MacroSpec("footnotemark", "["), MacroSpec("endnote", "[{"),
            MacroSpec("addpart", "*[{"), MacroSpec("addchap", "*[{"), MacroSpec("addsec", "*[{"),
            MacroSpec("uline", "{"), MacroSpec("sout", "{"), MacroSpec("enquote", "*{"), MacroSpec("foreignlanguage", "[{{"),
            MacroSpec("marginpar", "[{"), MacroSpec("index", "{"), MacroSpec("label", "{"), MacroSpec("hypersetup", "{"),
            MacroSpec("geometry", "{"), MacroSpec("selectlanguage", "{"), MacroSpec("markboth", "{{"),
            MacroSpec("markright", "{"), MacroSpec("addcontentsline", "{{{"), MacroSpec("setlength", "{{"),
            MacroSpec("addbibresource", "{"), MacroSpec("includegraphics", "[{")])
    return _CONTEXT


def _documents(written: Written, doc_id: str, source: str, fmt: str, file_days: frozenset[date]) -> list[Document]:
    from .text import parse_text_documents

    text = written.text()
    if not text.strip():
        name = {"latex": "LaTeX", "rst": "reStructuredText", "asciidoc": "AsciiDoc"}[fmt]
        raise SourceError(source, f"a {name} file without any text", "empty")
    docs = parse_text_documents(text, doc_id, source, fmt)
    if len(docs) == 1:
        return [written_document(written, doc_id, source, fmt, file_days)]
    return docs


class _LatexReader:
    def __init__(self) -> None:
        from pylatexenc.latex2text import LatexNodes2Text

        self.out = _Out()
        self.text = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
        self.lists: list[list] = []  # the list environments the walk is in: [kind, count]
        self.front: dict[str, str] = {}
        self.made_title = False

    def preamble(self, nodes) -> None:
        """``\\title``, ``\\author`` and ``\\date`` set before the document, printed where ``\\maketitle`` stands."""
        for node in nodes:
            if node is not None and node.isNodeType(self._walker.LatexMacroNode) and node.macroname in (
                    "title", "author", "date"):
                self.front[node.macroname] = self.inline(_last_argument(node))

    def title_block(self) -> None:
        self.made_title = True
        self.out.flush()
        for key in ("title", "date"):  # the author is who wrote or transcribed the text, not a line of it
            value = re.sub(r"\s+", " ", self.front.get(key, "")).strip()
            if value:
                self.out.paragraphs.append(value)

    @property
    def _walker(self):
        from pylatexenc import latexwalker

        return latexwalker

    def inline(self, nodes) -> str:
        """Nodes as one run of text (a heading, a note, an argument), their notes cited and collected."""
        saved, self.out.current = self.out.current, []
        indent, self.out.indent = self.out.indent, 0
        self.walk(nodes or [])
        text = "".join(self.out.current)
        self.out.current, self.out.indent = saved, indent
        return re.sub(r"\s+", " ", text.replace("\f", " ")).strip()

    def walk(self, nodes) -> None:
        lw = self._walker
        for node in nodes or []:
            if node is None or node.isNodeType(lw.LatexCommentNode):
                continue
            if node.isNodeType(lw.LatexCharsNode):
                self.out.write(node.chars)
            elif node.isNodeType(lw.LatexGroupNode):
                self.walk(node.nodelist)
            elif node.isNodeType(lw.LatexMacroNode):
                self.macro(node)
            elif node.isNodeType(lw.LatexEnvironmentNode):
                self.environment(node)
            else:  # specials (``--``, ``~``, quotes), math
                self.out.write(self.text.nodelist_to_text([node]))

    def macro(self, node) -> None:
        name = node.macroname
        if name in _HEADINGS:
            self.out.notes_out() if _HEADINGS[name] <= 2 else self.out.flush()
            heading = self.inline(_last_argument(node))
            if heading:
                self.out.paragraphs.append(heading)
        elif name in ("footnote", "endnote", "footnotetext"):
            if name == "footnotetext" and self.out.pending and not self.out.pending[-1][1]:
                number = self.out.pending.pop()[0]
            else:
                self.out.count += 1
                number = str(self.out.count)
                if name != "footnotetext":
                    self.out.write(f"[{number}]")
            self.out.pending.append((number, self.inline(_last_argument(node))))
        elif name == "footnotemark":
            self.out.count += 1
            self.out.write(f"[{self.out.count}]")
            self.out.pending.append((str(self.out.count), ""))
        elif name == "maketitle":
            self.title_block()
        elif name in ("title", "author", "date"):
            self.front[name] = self.inline(_last_argument(node))
        elif name in ("\\", "newline", "linebreak"):
            self.out.write("\n" if self.out.indent else "\f")
        elif name == "par":
            self.out.write("\n\n")
        elif name == "item":
            self.out.write("\n\n")
            if self.lists:
                kind = self.lists[-1]
                kind[1] += 1
                label = self.inline(_optional_argument(node))
                mark = {"-": "- ", "1": f"{kind[1]}. "}.get(kind[0], f"{label}: " if label else "")
                self.out.write(mark if not label or kind[0] == ":" else f"{label} ")
        elif name in ("MakeUppercase", "MakeTextUppercase", "uppercase"):
            self.out.write(self.inline(_last_argument(node)).upper())
        elif name in ("href",):
            self.out.write(self.inline(_last_argument(node)))
        elif name in _INLINE:
            self.walk(_last_argument(node))
        elif name in _DROPPED:
            return
        else:
            self.out.write(self.text.nodelist_to_text([node]))

    def environment(self, node) -> None:
        name = node.environmentname
        if name in _SKIPPED_ENVIRONMENTS:
            return
        if name in _VERBATIM:
            self.out.flush()
            body = node.latex_verbatim()
            body = re.sub(r"^\\begin\{[^}]*\}(?:\[[^\]]*\])?|\\end\{[^}]*\}$", "", body)
            self.out.paragraphs.extend(p for p in re.split(r"\n\s*\n", body.strip("\n")) if p.strip())
            return
        if name in _RIGHT or name in _CENTRED:
            self.out.flush()
            indent, self.out.indent = self.out.indent, _RIGHT_INDENT if name in _RIGHT else _CENTRE_INDENT
            self.walk(node.nodelist)
            self.out.flush()
            self.out.indent = indent
            return
        if name in _LISTS:
            self.out.flush()
            self.lists.append([_LISTS[name], 0])
            self.walk(node.nodelist)
            self.out.flush()
            self.lists.pop()
            return
        if name in _TABLES:
            self.out.flush()
            cells = self.inline_table(node.nodelist)
            self.out.paragraphs.extend(row for row in cells if row)
            return
        self.walk(node.nodelist)

    def inline_table(self, nodes) -> list[str]:
        lw = self._walker
        rows: list[str] = []
        saved, self.out.current = self.out.current, []
        for node in nodes or []:
            if node is not None and node.isNodeType(lw.LatexMacroNode) and node.macroname == "\\":
                rows.append("".join(self.out.current))
                self.out.current = []
            elif node is not None and node.isNodeType(lw.LatexSpecialsNode) and node.specials_chars == "&":
                self.out.write("  ")
            else:
                self.walk([node])
        rows.append("".join(self.out.current))
        self.out.current = saved
        return [re.sub(r"[ \t]*\n[ \t]*", " ", row).strip() for row in rows]


def _last_argument(node) -> list:
    """The nodes of a macro's last mandatory argument (``\\section*[short]{Long}`` -> Long)."""
    arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
    spec = getattr(node.nodeargd, "argspec", "") or ""
    for kind, argument in reversed(list(zip(spec, arguments, strict=False))):
        if argument is not None and kind == "{":
            return _content(argument)
    return []


def _optional_argument(node) -> list:
    arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
    spec = getattr(node.nodeargd, "argspec", "") or ""
    for kind, argument in zip(spec, arguments, strict=False):
        if argument is not None and kind == "[":
            return _content(argument)
    return []


def _content(argument) -> list:
    return list(argument.nodelist) if hasattr(argument, "nodelist") else [argument]


# --- reStructuredText ---

_RST_SETTINGS = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False, "raw_enabled": False,
                 "doctitle_xform": False, "docinfo_xform": False, "sectsubtitle_xform": False,
                 "input_encoding": "unicode", "character_level_inline_markup": False}
# Sphinx's directives, unknown to docutils: those that print their argument or content, and those that print nothing
_SPHINX_PRINTED = ("centered", "only", "hlist", "versionadded", "versionchanged", "deprecated", "seealso", "todo",
                   "glossary", "tab", "tabs", "card", "margin", "sidebar-note")
_SPHINX_SILENT = ("index", "toctree", "highlight", "sectionauthor", "codeauthor", "moduleauthor", "tabularcolumns",
                  "currentmodule", "module", "literalinclude", "bibliography", "footbibliography", "automodule",
                  "autofunction", "autoclass", "ifconfig")
# an interpreted text role docutils does not know, left as it was written: ":ref:`Title <target>`", ":doc:`d11`"
_ROLE = re.compile(r"^:[\w:.-]+:`(?P<text>.*?)(?:\s*<[^<>`]*>)?`$", re.DOTALL)


def read_rst(text: str, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> list[Document]:
    """The documents of a reStructuredText file: its text read through the text parser as any text is."""
    from docutils.core import publish_doctree
    from docutils.utils import SystemMessage

    _register_sphinx_directives()
    settings = dict(_RST_SETTINGS, warning_stream=io.StringIO())
    try:
        tree = publish_doctree(text, source_path=source or None, settings_overrides=settings)
    except (SystemMessage, ValueError, RecursionError) as e:
        raise SourceError(source, f"reStructuredText it cannot parse ({str(e).splitlines()[0] if str(e) else e})") \
            from None
    reader = _RstReader()
    reader.walk(tree.children, 0)
    reader.out.notes_out()
    return _documents(Written(paragraphs=reader.out.paragraphs), doc_id, source, "rst", file_days)


class _RstReader:
    def __init__(self) -> None:
        self.out = _Out()

    def walk(self, children, depth: int) -> None:
        from docutils import nodes

        for node in children:
            if isinstance(node, (nodes.system_message, nodes.comment, nodes.target, nodes.substitution_definition,
                                 nodes.pending, nodes.raw, nodes.image, nodes.transition)):
                continue
            if isinstance(node, (nodes.footnote, nodes.citation)):
                label = node.next_node(nodes.label)
                number = label.astext().strip() if label is not None else str(len(self.out.pending) + 1)
                body = " ".join(self.inline(child) for child in node.children if not isinstance(child, nodes.label))
                self.out.pending.append((number, re.sub(r"\s+", " ", body).strip()))
            elif isinstance(node, nodes.section):
                if depth == 0:
                    self.out.notes_out()
                self.walk(node.children, depth + 1)
            elif isinstance(node, (nodes.title, nodes.subtitle, nodes.rubric)):
                self.paragraph(self.inline(node))
            elif isinstance(node, nodes.field_list):
                for item in node.children:
                    name, body = item.children[0], item.children[1] if len(item.children) > 1 else None
                    value = self.inline(body) if body is not None else ""
                    self.paragraph(f"{self.inline(name)}: {value}".strip())
            elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
                for n, item in enumerate(node.children, _list_start(node)):
                    mark = "- " if isinstance(node, nodes.bullet_list) else f"{n}. "
                    first, *rest = item.children or [None]
                    if first is not None:
                        self.paragraph(mark + self.inline(first))
                    self.walk(rest, depth)
            elif isinstance(node, nodes.definition_list):
                for item in node.children:
                    self.walk(item.children, depth)
            elif isinstance(node, nodes.line_block):
                lines = [self.inline(line) for line in node.findall(nodes.line)]
                self.paragraph("\n".join(line for line in lines if line), _align(node))
            elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
                self.out.paragraphs.extend(p for p in re.split(r"\n\s*\n", node.astext()) if p.strip())
            elif isinstance(node, nodes.table):
                for row in node.findall(nodes.row):
                    cells = [self.inline(entry) for entry in row.children]
                    self.paragraph("  ".join(cell for cell in cells if cell))
            elif isinstance(node, nodes.topic) and "contents" in node.get("classes", ()):
                continue
            elif isinstance(node, (nodes.paragraph, nodes.term, nodes.attribution, nodes.caption, nodes.label)):
                self.paragraph(self.inline(node), _align(node))
            elif isinstance(node, nodes.Element) and node.children and isinstance(node, nodes.TextElement):
                self.paragraph(self.inline(node), _align(node))
            elif isinstance(node, nodes.Element):
                self.walk(node.children, depth)
            elif isinstance(node, nodes.Text) and node.astext().strip():
                self.paragraph(node.astext())

    def paragraph(self, text: str, indent: int = 0) -> None:
        text = text.strip()
        if text:
            self.out.paragraphs.append(" " * indent + text if indent else text)

    def inline(self, node) -> str:
        """An element's text on one line, its note references as ``[n]``, roles docutils does not know as their text."""
        from docutils import nodes

        if isinstance(node, nodes.Text):
            return str(node)
        if isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            return f"[{node.astext().strip()}]"
        if isinstance(node, (nodes.system_message, nodes.target, nodes.comment, nodes.footnote, nodes.citation,
                             nodes.substitution_definition, nodes.image, nodes.raw)):
            return ""
        if isinstance(node, nodes.problematic):
            role = _ROLE.match(node.astext())
            return role.group("text") if role else node.astext()
        parts: list[str] = []
        for child in node.children:
            part = self.inline(child)
            if isinstance(child, (nodes.footnote_reference, nodes.citation_reference)) and parts:
                parts[-1] = parts[-1].rstrip()  # "October 25. [#]_": the mark follows the word it is set after
            parts.append(part)
        glue = " " if isinstance(node, nodes.Element) and not isinstance(node, nodes.TextElement) else ""
        return re.sub(r"\s+", " ", glue.join(parts)).strip() if glue else re.sub(r"[ \t]*\n[ \t]*", " ", "".join(parts))


def _align(node) -> int:
    classes = set(node.get("classes", ())) if hasattr(node, "get") else set()
    if classes & {"right", "align-right", "text-right", "flushright"}:
        return _RIGHT_INDENT
    if classes & {"center", "centered", "align-center", "text-center"}:
        return _CENTRE_INDENT
    return 0


def _list_start(node) -> int:
    try:
        return int(node.get("start", 1))
    except (TypeError, ValueError):
        return 1


_registered = False


def _register_sphinx_directives() -> None:
    """Sphinx's directives, read as Sphinx prints them (docutils alone would report them unknown and drop them)."""
    global _registered
    if _registered:
        return
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class Printed(Directive):
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = None

        def run(self):
            found = []
            if self.arguments:
                found.append(nodes.paragraph(text=self.arguments[0],
                                             classes=["centered"] if self.name == "centered" else []))
            if self.content:
                box = nodes.container()
                self.state.nested_parse(self.content, self.content_offset, box)
                found.append(box)
            return found

    class Silent(Printed):
        def run(self):
            return []

    for name in _SPHINX_PRINTED:
        directives.register_directive(name, Printed)
    for name in _SPHINX_SILENT:
        directives.register_directive(name, Silent)
    _registered = True


# --- AsciiDoc ---

# AsciiDoc's own markup: a section title ("== 9. Telegram ..."), a note macro, a block's attribute or anchor line, a
# document attribute, a cross reference
_ADOC_SIGNS = (re.compile(r"^={1,6} \S", re.MULTILINE), re.compile(r"\bfootnote:[\w-]*\["),
               re.compile(r"^\[(?:[#.][\w.#-]+|[a-z]+(?:,[^\]]*)?)\]\s*$", re.MULTILINE),
               re.compile(r"^:[\w-]+:(?: |$)", re.MULTILINE), re.compile(r"<<[\w-]+(?:,[^>]*)?>>"))
_ADOC_UNIQUE = (1, 2)  # a note macro or a block attribute line is AsciiDoc's alone
_ADOC_FOOTNOTE = re.compile(r"footnote:(?P<id>[\w-]*)\[")
_ADOC_INLINE = ((re.compile(r"<<[\w-]+,\s*([^>]+)>>"), r"\1"), (re.compile(r"<<([\w-]+)>>"), r"\1"),
                (re.compile(r"\b(?:link:)?(?:https?://\S+?)\[([^\]]+)\]"), r"\1"), (re.compile(r"\blink:\S+?\[([^\]]*)\]"), r"\1"),
                (re.compile(r"(?<![\w*])\*{1,2}(\S(?:.*?\S)?)\*{1,2}(?![\w*])"), r"\1"),
                (re.compile(r"(?<![\w_])_{1,2}(\S(?:.*?\S)?)_{1,2}(?![\w_])"), r"\1"),
                (re.compile(r"(?<![\w`])`{1,2}(\S(?:.*?\S)?)`{1,2}(?![\w`])"), r"\1"),
                (re.compile(r"\+{3}"), ""), (re.compile(r"\{nbsp\}"), " "), (re.compile(r" \+$"), ""))
_ADOC_LIST = re.compile(r"^(?P<mark>\*{1,5}|-|\.{1,5}|\d{1,3}\.)\s+(?P<text>\S.*)$")
_ADOC_DELIMITERS = {"----": "verbatim", "....": "verbatim", "////": "comment", "____": "open", "====": "open",
                    "****": "open", "--": "open", "|===": "table", "++++": "comment"}
_ADOC_ATTRIBUTE_LABELS = {"author": "", "revdate": "Revision date", "revnumber": "", "date": "Date",
                          "description": "Summary", "keywords": "Keywords"}


def looks_like_asciidoc(head: str) -> bool:
    found = [bool(sign.search(head)) for sign in _ADOC_SIGNS]
    counts = sum(len(sign.findall(head)) for sign in _ADOC_SIGNS)
    return counts >= _RST_SIGNS and any(found[k] for k in _ADOC_UNIQUE)


def read_asciidoc(text: str, doc_id: str, source: str, file_days: frozenset[date] = frozenset()) -> list[Document]:
    """The documents of an AsciiDoc file: its text read through the text parser as any text is."""
    out = _Out()
    notes_by_id: dict[str, str] = {}
    role = ""
    block: str | None = None  # the delimited block the reading is in
    lines = text.replace("\r\n", "\n").split("\n")
    paragraph: list[str] = []
    list_count = 0

    def flush() -> None:
        nonlocal paragraph, role
        if paragraph:
            joined = " ".join(line.strip() for line in paragraph)
            indent = _RIGHT_INDENT if role in ("dateline", "right", "text-right") else _CENTRE_INDENT if role in (
                "center", "text-center") else 0
            out.paragraphs.append(" " * indent + _adoc_inline(joined, out, notes_by_id))
            paragraph = []
            role = ""

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        delimiter = next((d for d in _ADOC_DELIMITERS if stripped == d or (d in ("----", "....", "////", "____",
                                                                                "====", "****") and len(stripped) >= 4
                                                                               and set(stripped) == {d[0]})), None)
        if block is not None:
            if delimiter is not None:  # any delimiter closes the block it is in
                flush()
                block = None
                continue
            if block == "comment":
                continue
            if block == "verbatim":
                if line.strip():
                    out.paragraphs.append(line)
                continue
            if block == "table":
                cells = [c.strip() for c in stripped.split("|") if c.strip()]
                if cells:
                    out.paragraphs.append(_adoc_inline("  ".join(cells), out, notes_by_id))
                continue
        if delimiter is not None:
            flush()
            block = _ADOC_DELIMITERS[delimiter]
            if block == "open":
                block = None  # a quote, example or sidebar block: its paragraphs are the text's
            continue
        if not stripped:
            flush()
            continue
        if stripped.startswith("//"):
            continue  # a comment line
        if (m := re.fullmatch(r"\[(?P<attrs>[^\]]*)\]", stripped)) and not paragraph:
            roles = re.findall(r"\.([\w-]+)", m.group("attrs"))
            role = roles[0] if roles else ""
            continue
        if m := re.fullmatch(r"(?P<level>={1,6}|#{1,6})\s+(?P<title>\S.*)", stripped):
            flush()
            if len(m.group("level")) <= 2:
                out.notes_out()
            out.paragraphs.append(_adoc_inline(m.group("title"), out, notes_by_id))
            continue
        if m := re.fullmatch(r":(?P<name>[\w-]+):\s*(?P<value>.*)", stripped):
            label = _ADOC_ATTRIBUTE_LABELS.get(m.group("name").lower())
            if label and m.group("value"):
                flush()
                out.paragraphs.append(f"{label}: {m.group('value')}")
            continue
        if stripped in ("'''", "<<<"):
            flush()
            continue
        if (m := _ADOC_LIST.match(stripped)) and not paragraph:
            flush()
            mark = m.group("mark")
            list_count = list_count + 1 if mark.startswith(".") or mark[0].isdigit() else 0
            paragraph = [(f"{list_count}. " if list_count else "- ") + m.group("text")]
            continue
        if (m := re.match(r"(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(?P<text>.*)", stripped)) and not paragraph:
            paragraph = [m.group("text")]
            continue
        if stripped.startswith(".") and not paragraph and not stripped.startswith(".."):
            flush()
            out.paragraphs.append(_adoc_inline(stripped[1:], out, notes_by_id))  # a block's title
            continue
        paragraph.append(line)
    flush()
    out.notes_out()
    return _documents(Written(paragraphs=out.paragraphs), doc_id, source, "asciidoc", file_days)


def _adoc_inline(text: str, out: _Out, notes_by_id: dict[str, str]) -> str:
    """A line's inline markup read: notes as "[n]" (their text among the section's notes), links and cross
    references as their text, emphasis marks off."""
    result, k = [], 0
    while (m := _ADOC_FOOTNOTE.search(text, k)) is not None:
        end = _bracket_end(text, m.end())
        body = text[m.end():end]
        result.append(text[k:m.start()].rstrip() if body or m.group("id") else text[k:m.start()])
        note_id = m.group("id")
        if not body and note_id in notes_by_id:
            result.append(f"[{notes_by_id[note_id]}]")  # a note cited again by its id
        else:
            out.count += 1
            number = str(out.count)
            if note_id:
                notes_by_id[note_id] = number
            out.pending.append((number, _adoc_plain(body)))
            result.append(f"[{number}]")
        k = end + 1
    result.append(text[k:])
    return _adoc_plain("".join(result))


def _bracket_end(text: str, start: int) -> int:
    depth = 1
    for k in range(start, len(text)):
        if text[k] == "[":
            depth += 1
        elif text[k] == "]":
            depth -= 1
            if depth == 0:
                return k
    return len(text)


def _adoc_plain(text: str) -> str:
    for pattern, replacement in _ADOC_INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()
