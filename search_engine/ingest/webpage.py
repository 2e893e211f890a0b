"""Saved web pages: the main text of an HTML page, as the plain text the document parser reads.

A page from a digital archive or a blog is a document wrapped in navigation, sharing buttons, comment
forms and footers. We drop those by what they are (``nav``, ``form``, ``aside``, ARIA roles, and class or
id names such as ``menu``, ``sidebar``, ``comments``), keep the main content (``main``, ``article``, or the
element holding most of the paragraph text), and write each block element as a paragraph of text, with
footnote references as ``[1]`` and footnote lists as ``[1] text`` lines. The result goes through the same
line-kind parser as a text capture of the page, so a page and its text capture give the same document.
What only markup can say (``<title>``, scholarly ``citation_*``/Dublin Core meta tags, the canonical
URL, ``lang``) is returned beside the text for the reader to fill in what the text did not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError

# elements whose content is never document text
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "form", "aside", "iframe", "svg", "button",
              "select", "input", "textarea", "menu", "dialog", "object", "embed", "canvas", "video", "audio")
_DROP_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "dialog")
# class/id words of site furniture; "footnotes" and "notes" are content and do not match
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|site-?header|site-?footer|footer|masthead|"
    r"comments?|comment-respond|respond|reply|share|sharing|sharedaddy|social|related|cookies?|consent|advert\w*|"
    r"ads?|widgets?|pagination|pager|skip-?link|search|subscribe|newsletter|toolbar|print-?links?|jp-relatedposts|"
    r"post-?navigation|entry-?meta|entry-?footer|entry-?author|author-?(?:info|bio|box)|about-?author|byline|tags|"
    r"categories|screen-reader-text)(?:$|[\s_-])",
    re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
               "li", "dt", "dd", "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "figure", "figcaption",
               "address", "center", "hr", "body", "caption", "details", "summary", "fieldset", "hgroup"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NOTE_ID = re.compile(r"(?:fn|footnote|note|endnote|ftn|edn)[-_:]?(?:ref)?[-_:]?(\d+)$", re.IGNORECASE)
_BACKLINK = re.compile(r"^\s*(?:↩|↑|\^|back|return)\W*$", re.IGNORECASE)
_TITLE_SITE = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,80}$")  # "Document 29 | Wilson Center Digital Archive"


@dataclass(frozen=True)
class WebPage:
    """A page's main text, and what its markup says about it."""

    text: str
    title: str = ""  # <title>, og:title or citation_title, without the site name
    meta: dict[str, str] = field(default_factory=dict)  # date, citation, url, author, language, summary


def looks_like_html(head: str) -> bool:
    """Whether the start of a file is an HTML page (a doctype, or an html/head/body element near the top)."""
    start = head.lstrip("\ufeff \t\r\n")[:2048].lower()
    return start.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:html|head|body)[\s>]", start[:1024]))


def read_page(text: str, source: str) -> WebPage:
    """The main text of an HTML page (already decoded) and its metadata."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(_strip_xml_declaration(text), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise SourceError(source, f"cannot parse the HTML: {e}") from e
    # the parser forgives broken markup, but stops at a resource limit and drops the rest of the page
    fatal = next((e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL), None)
    if fatal is not None:
        message = fatal.message.strip()
        for limit, plain in _LIMITS:
            message = limit.sub(plain, message)
        raise SourceError(source, f"cannot parse the HTML: {message} (line {fatal.line})")
    meta = _meta(root)
    title = meta.pop("title", "")
    _remove_furniture(root)
    body = root.find("body")
    main = _main_content(body if body is not None else root)
    lines: list[str] = []
    notes: list[tuple[str, str]] = []
    _collect_notes(main, notes)
    _render(main, lines)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if notes:
        text += "\n\n" + "\n\n".join(f"[{n}] {t}" for n, t in notes)
    return WebPage(text=text, title=title, meta=meta)


# libxml2's resource limits, said without its advice to programmers ("try XML_PARSE_HUGE")
_LIMITS = [(re.compile(r"^Excessive depth in document: (\d+).*", re.DOTALL), r"elements nested more than \1 deep"),
           (re.compile(r"^Resource limit exceeded: (.*?),? try XML_PARSE_HUGE.*", re.DOTALL), r"\1")]


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses a str that declares its own encoding
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)


def _meta(root) -> dict[str, str]:
    """Title, date, citation, URL, author, language and summary from <head>, scholarly tags first."""
    found: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        value = " ".join((m.get("content") or "").split())
        if key and value and key not in by_name:
            by_name[key] = value

    def first(*keys):
        return next((by_name[k] for k in keys if by_name.get(k)), "")

    title_el = root.find(".//title")
    page_title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    title = first("citation_title", "dc.title", "dcterms.title") or first("og:title", "twitter:title") or page_title
    found["title"] = _TITLE_SITE.sub("", title) if title == page_title and _TITLE_SITE.search(title) else title
    # the date of the document itself, never the date the page was published or modified
    found["date"] = first("citation_date", "citation_publication_date", "dc.date", "dcterms.date", "dc.date.created")
    found["author"] = first("citation_author", "dc.creator", "author")
    found["summary"] = first("dc.description", "dcterms.abstract", "citation_abstract")
    canonical = next((link.get("href") for link in root.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), "")
    found["url"] = first("citation_public_url", "citation_abstract_html_url") or canonical or first("og:url")
    html = root if root.tag == "html" else root.find(".//html")
    found["language"] = (html.get("lang") or html.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
                         if html is not None else "") or first("dc.language", "content-language", "og:locale")
    return {k: v for k, v in found.items() if v}


def _classes(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _remove_furniture(root) -> None:
    from lxml import etree

    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _DROP_TAGS or (el.get("role") or "").lower() in _DROP_ROLES or el.get("hidden") is not None:
            doomed.append(el)
        elif tag in ("header", "footer") and not _inside(el, ("article", "main")):
            doomed.append(el)
        elif tag not in ("html", "body", "main", "article") and _FURNITURE.search(_classes(el)) \
                and not _NOTE_ID.search(el.get("id") or "") and "footnote" not in _classes(el).lower():
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            _drop(el)


def _inside(el, tags) -> bool:
    return any(a.tag in tags for a in el.iterancestors() if isinstance(a.tag, str))


def _drop(el) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _text_length(el) -> int:
    return sum(len(" ".join((p.text_content() or "").split())) for p in el.iter("p"))


def _main_content(body):
    """``<main>``, the ``<article>`` with the most text, or the element holding most paragraph text."""
    for candidate in body.iter("main"):
        if _text_length(candidate) > 0:
            return candidate
    roles = [el for el in body.iter() if isinstance(el.tag, str) and (el.get("role") or "").lower() == "main"]
    if roles:
        return roles[0]
    articles = [a for a in body.iter("article") if not _inside(a, ("article",))]
    if articles:
        best = max(articles, key=_text_length)
        if _text_length(best) * 2 >= _text_length(body):
            return best
    # no semantic markup: the deepest element still holding most of the page's paragraph text
    total = _text_length(body)
    node = body
    while total:
        children = [c for c in node if isinstance(c.tag, str)]
        richest = max(children, key=_text_length, default=None)
        if richest is None or _text_length(richest) * 10 < total * 8:
            break
        node = richest
    return node


def _collect_notes(main, notes: list[tuple[str, str]]) -> None:
    """Take footnote list items (``<li id="fn1">``, ``<div class="footnote" id="note-2">``) out of the
    text as (number, text), in order; replace footnote references with ``[n]``."""
    for el in list(main.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        m = _NOTE_ID.search(el.get("id") or "")
        if m and el.tag in ("li", "div", "p", "aside", "section") and "ref" not in (el.get("id") or "").lower():
            for a in el.iter("a"):
                if _BACKLINK.match(a.text_content() or ""):
                    _drop(a)
            text = " ".join(el.text_content().split())
            text = re.sub(r"^\[?\d+\]?[.)]?\s+", "", text)  # a number printed in the note itself
            if text:
                notes.append((m.group(1), text))
            _drop(el)
    for sup in list(main.iter("sup")):
        label = " ".join(sup.text_content().split()).strip("[]() ")
        if label.isdigit() and len(label) <= 3:
            _replace_with_text(sup, f"[{label}]")
    for a in list(main.iter("a")):  # a bare reference link: <a href="#fn3" class="footnote-ref">3</a>
        href = a.get("href") or ""
        label = " ".join(a.text_content().split()).strip("[]() ")
        if href.startswith("#") and _NOTE_ID.search(href[1:]) and label.isdigit():
            _replace_with_text(a, f"[{label}]")


def _replace_with_text(el, text: str) -> None:
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    addition = text + (el.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + addition
    else:
        parent.text = (parent.text or "") + addition
    parent.remove(el)


def _render(el, lines: list[str]) -> None:
    """Write block elements as paragraphs separated by blank lines, inline ones as running text."""
    buffer: list[str] = []

    def flush():
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            lines.append(text)
            lines.append("")

    def walk(node):
        tag = node.tag.lower()
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            flush_line()
        elif tag == "hr":
            lines.extend(["-----", ""])
        elif tag in ("td", "th"):
            buffer.append(" ")
        if node.text:
            buffer.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    def flush_line():
        # a line break inside a block: keep the lines apart, within the same paragraph
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            lines.append(text)

    walk(el)
    flush()
