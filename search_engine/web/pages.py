"""The pages: search (/ and /search), documents (/documents), a document (/doc/ID) with what connects it to
the others, its citations (/doc/ID/cite.EXT), the documents most like it (/related/ID), its original file
(/file/ID) and the unAPI endpoint (/unapi) Zotero reads. Each page has a JSON twin at the same address with
``.json`` (the shapes of the CLI's ``--json``)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    send_file,
    url_for,
)

from .. import (
    CITATION_FORMATS,
    CITATION_MEDIA_TYPES,
    EXPORT_LIMIT,
    EXPORT_MEDIA_TYPES,
    LANGUAGES,
)
from ..errors import DocumentNotFoundError, QueryError
from .params import MAX_PASSAGES_PAGED, BadParameter, RelatedState, SearchState
from .render import highlighted, histogram, markers_in_text, reference_spans, spans_html

pages = Blueprint("pages", __name__)

CITE_SUFFIXES = {"txt": "chicago", "ris": "ris", "json": "csl-json", "bib": "bibtex"}
CITE_LABELS = {"chicago": "Chicago", "ris": "RIS", "csl-json": "CSL-JSON", "bibtex": "BibTeX"}
UNAPI_FORMATS = {"ris": "ris", "bibtex": "bibtex", "csl-json": "csl-json"}
FILE_TYPES = {"pdf": "application/pdf", "html": "text/html", "tei": "application/xml"}
# files a browser cannot show as text, told by their name (a member's document is served as its container):
# downloaded, except images, which are shown
PACKAGE_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".odt": "application/vnd.oasis.opendocument.text", ".rtf": "application/rtf",
                 ".epub": "application/epub+zip", ".eml": "message/rfc822", ".mbox": "application/mbox",
                 ".zip": "application/zip", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".tif": "image/tiff", ".tiff": "image/tiff"}
# an original file is shown as the browser would, but can run nothing and reach nothing
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def engine():
    """The app's one SearchEngine, shared by every request's thread (each query holds its own generation of the
    index; see the README's "Threads, processes and long-lived engines")."""
    return current_app.extensions["search_engine"]


@pages.app_template_filter("spans")
def _spans(spans):
    return spans_html(spans)


@pages.app_template_global()
def language_name(code: str) -> str:
    return LANGUAGES.get(code, code or "unknown")


@pages.app_template_global()
def short_folder(folder: str) -> str:
    """A folder as a hit or a facet shows it: its last two names ("corpora/frus"); the whole path is its title."""
    parts = [p for p in re.split(r"[/\\]+", folder) if p]
    return "/".join(parts[-2:]) or folder


@pages.app_template_global()
def unapi_id(item_id: str) -> str:
    """An id as the unAPI <abbr> carries it: Zotero appends it to the unAPI address as it is, so a passage's
    "#" (and anything else a URL would read) is percent-encoded."""
    return quote(item_id, safe="")


# -- search ----------------------------------------------------------------------------------------

@pages.get("/")
@pages.get("/search")
def search_page():
    state = SearchState.from_args(request.args)
    e = engine()
    documents = e.documents()
    found = _search(e, state) if state.q else None
    titles = {d.doc_id: d.title for d in documents}
    dates = {d.doc_id: d.date or "undated" for d in documents}
    context = {"state": state, "documents": documents, "titles": titles, "dates": dates,
               "markings": sorted({m for d in documents for m in d.classification}),
               "languages": sorted({d.language for d in documents if d.language}),
               "export_limit": EXPORT_LIMIT, "max_paged": MAX_PASSAGES_PAGED}
    if found is not None:
        results, hits, has_next = found
        context.update(results=results, hits=hits, has_next=has_next,
                       chart=histogram((results.facets or {}).get("month", {}), state.date_from, state.date_to, width=300,
                                       height=70),
                       last_of_doc={h.doc_id: h.rank for h in hits})
    return render_template("search.html", **context)


@pages.get("/search.json")
def search_json():
    state = SearchState.from_args(request.args)
    if not state.q:
        raise BadParameter("a search needs a query: /search.json?q=...")
    results, hits, _ = _search(engine(), state)
    data = results.to_json()
    data["hits"] = [h.to_json() for h in hits]
    return jsonify(data)


def _search(e, state: SearchState):
    """The results of the state's query and the hits of its page (and whether a next page exists).

    Page k shows the hits ranked (k-1)·n+1 to k·n of a search for k·n, as ``search -n`` would number
    them (so "+ K more in this document" counts the same). How many hits there are in all follows from
    the per-document counts: each document gives at most ``per_doc`` of its matching passages."""
    end = state.page * state.size
    results = e.search(state.q, limit=end, per_doc=state.per_doc, facets=True, **state.search_kwargs())
    per_document = (results.facets or {}).get("document", {}).values()
    available = sum(min(n, state.per_doc) for n in per_document) if state.per_doc else results.total
    return results, results.hits[end - state.size:end], available > end


@pages.get("/search.<any(csv, jsonl, ris):fmt>")
def search_export(fmt: str):
    state = SearchState.from_args(request.args)
    if not state.q:
        raise BadParameter(f"an export needs a query: /search.{fmt}?q=...")
    grouping = {"per_doc": state.per_doc} if "per_doc" in request.args else {}
    e = engine()
    exported = e.export(state.q, fmt, **state.search_kwargs(), **grouping)
    body = "".join(exported)
    response = Response(body, mimetype=EXPORT_MEDIA_TYPES[fmt])
    response.charset = "utf-8"
    slug = re.sub(r"[^\w]+", "-", state.q, flags=re.ASCII).strip("-")[:40] or "results"
    response.headers["Content-Disposition"] = f'attachment; filename="search-{slug}.{fmt}"'
    response.headers["X-Passages-Exported"] = str(exported.passages)
    response.headers["X-Passages-Matching"] = str(exported.total)
    return response


# -- documents --------------------------------------------------------------------------------------

@pages.get("/documents")
def documents_page():
    documents = engine().documents()
    return render_template("documents.html", documents=documents)


@pages.get("/documents.json")
def documents_json():
    return jsonify([d.to_json() for d in engine().documents()])


RELATED_ON_PAGE = 5  # related documents listed on a document's page (/related/ID lists more)


@pages.get("/doc/<path:doc_id>")
def document_page(doc_id: str):
    e = engine()
    doc, as_json = _document(e, doc_id)
    connections = e.connections(doc.doc_id)
    if as_json:
        data = doc.to_json()
        data["connections"] = connections.to_json()
        return jsonify(data)
    related = e.related(doc.doc_id, limit=RELATED_ON_PAGE)
    citing = _one_per_text(e, _citing_documents(connections))
    records = _one_per_text(e, [(link,) for link in connections.records])
    paragraph = _paragraph_param(doc)
    q = request.args.get("q", "").strip()
    marks, query_error = None, ""
    if q:
        try:
            marks = e.highlights(q, doc.doc_id)
        except QueryError as err:
            query_error = str(err)
    target = doc.passage_id(paragraph) if paragraph else doc.doc_id
    citations = {fmt: e.cite(target, fmt) for fmt in CITATION_FORMATS}
    documents = e.documents()
    order = [d.doc_id for d in documents]
    at = order.index(doc.doc_id) if doc.doc_id in order else -1
    previous = documents[at - 1] if at > 0 else None
    following = documents[at + 1] if 0 <= at < len(documents) - 1 else None
    notes_of = {p.number: {n: f"n{_anchor(n)}" for n in p.footnotes} for p in doc.paragraphs}
    written = _written_references(connections)
    body = [(p, highlighted(p.text, (marks.paragraphs.get(p.number, ()) if marks else ()), notes_of[p.number],
                            reference_spans(p.text, written.get((p.number, ""), []))),
             [n for n in p.footnotes if n not in markers_in_text(p.text)]) for p in doc.paragraphs]
    notes = [(f, highlighted(f.text, marks.footnotes.get(f.number, ()) if marks else (),
                             references=reference_spans(f.text, written.get((f.paragraph, f.number), []))))
             for f in doc.footnotes]
    return render_template("document.html", doc=doc, body=body, notes=notes, q=q, marks=marks,
                           query_error=query_error, paragraph=paragraph, target=target, citations=citations,
                           labels=CITE_LABELS, suffixes={v: k for k, v in CITE_SUFFIXES.items()},
                           previous=previous, following=following, anchor=_anchor,
                           back=request.args.get("back", ""), connections=connections, related=related,
                           citing=citing, records=records, aligned=_aligned(connections))


def _written_references(connections) -> dict[tuple, list]:
    """(paragraph, note number or "") -> the references written there, each with the addresses of the
    documents it points at (none: not in the index)."""
    out: dict[tuple, list] = {}
    for ref, links in connections.references:
        targets = [(reference_url(link), f"{link.title}, {link.date or 'undated'}") for link in links]
        out.setdefault((ref.paragraph, ref.footnote), []).append((ref.text, targets))
    return out


def _aligned(connections) -> dict[int, list]:
    """paragraph -> the paragraphs of its versions and related records that align with it: (Link, paragraph)."""
    out: dict[int, list] = {}
    for link in (*connections.records, *(c for c in connections.copies if c.relation == "version")):
        for mine, theirs in link.alignment:
            out.setdefault(mine, []).append((link, theirs))
    return out


@pages.app_template_global()
def reference_url(link) -> str:
    """The address of what a reference points at: the cited document, at the page it names."""
    url = url_for("pages.document_page", doc_id=link.doc_id)
    ref = link.reference
    if ref is not None and ref.kind == "pages" and ref.pages:
        url += "#page-" + ref.pages.split("-")[0]
    return url


def _citing_documents(connections) -> list[tuple]:
    """The documents that cite this one, each once, with the references it makes to it: (Link, [CrossReference])."""
    out: dict[str, tuple] = {}
    for link in connections.cited_by:
        entry = out.setdefault(link.doc_id, (link, []))
        if link.reference is not None:
            entry[1].append(link.reference)
    return list(out.values())


def _one_per_text(e, entries: list[tuple]) -> list[tuple]:
    """``entries`` (each a Link and what goes with it) with the copies and versions of a text that an earlier
    entry names folded into it: each entry gains the list of those Links (a cable released twice cites once)."""
    kept: list[tuple] = []
    texts: list[set[str]] = []
    for entry in entries:
        link = entry[0]
        at = next((i for i, text in enumerate(texts) if link.doc_id in text), None)
        if at is None:
            kept.append((*entry, []))
            texts.append({link.doc_id, *(c.doc_id for c in e.connections(link.doc_id).copies)})
        else:
            kept[at][-1].append(link)
    return kept


@pages.app_template_global()
def relation_label(link) -> str:
    """'same text, 100%', 'excerpt', 'translation, ru': what a copy or version is of the document."""
    if link.relation == "same text":
        return f"same text, {link.similarity:.0%}" if link.similarity is not None else "same text"
    if link.relation == "version":
        return f"{link.detail or 'version'}, {language_name(link.language)}"
    return link.relation


@pages.app_template_global()
def passage_url(doc_id: str, paragraph: int | None = None) -> str:
    return url_for("pages.document_page", doc_id=doc_id) + (f"#p{paragraph}" if paragraph else "")


def _document(e, doc_id: str):
    """The document at /doc/ID, and whether the address asked for its JSON twin (ID.json)."""
    if doc_id.endswith(".json"):
        try:
            return e.document(doc_id), False  # an id that itself ends in .json
        except DocumentNotFoundError:
            return e.document(doc_id[: -len(".json")]), True
    return e.document(doc_id), False


def _paragraph_param(doc) -> int | None:
    raw = request.args.get("p", "")
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= len(doc.paragraphs):
        raise BadParameter(f"p must be a paragraph of {doc.doc_id}, 1 to {len(doc.paragraphs)}, not {raw!r}")
    return int(raw)


def _anchor(note_number: str) -> str:
    """A note's number as an HTML id: "*1" -> "s1"."""
    return re.sub(r"[^\w-]", "s", note_number)


# -- more like this ---------------------------------------------------------------------------------

@pages.get("/related/<path:doc_id>")
def related_page(doc_id: str):
    state = RelatedState.from_args(request.args)
    e = engine()
    doc, as_json = _document(e, doc_id)
    source = doc.passage_id(_source_paragraph(doc, state)) if state.paragraph else doc.doc_id
    results = e.related(source, **state.related_kwargs())
    if as_json:
        return jsonify(results.to_json())
    documents = e.documents()
    query = urlencode(list(request.args.items(multi=True)))
    json_url = url_for("pages.related_page", doc_id=doc.doc_id + ".json") + (f"?{query}" if query else "")
    return render_template("related.html", doc=doc, state=state, results=results, json_url=json_url,
                           markings=sorted({m for d in documents for m in d.classification}),
                           languages=sorted({d.language for d in documents if d.language}))


def _source_paragraph(doc, state: RelatedState) -> int:
    if not 1 <= state.paragraph <= len(doc.paragraphs):
        raise BadParameter(f"p must be a paragraph of {doc.doc_id}, 1 to {len(doc.paragraphs)}, not {state.paragraph}")
    return state.paragraph


@pages.get("/doc/<path:doc_id>/cite.<any(txt, ris, json, bib):suffix>")
def cite_download(doc_id: str, suffix: str):
    fmt = CITE_SUFFIXES[suffix]
    e = engine()
    doc = e.document(doc_id)
    paragraph = _paragraph_param(doc)
    target = doc.passage_id(paragraph) if paragraph else doc.doc_id
    text = e.cite(target, fmt)
    response = Response(text if text.endswith("\n") else text + "\n", mimetype=CITATION_MEDIA_TYPES[fmt])
    response.charset = "utf-8"
    name = re.sub(r"[^\w.-]", "_", target, flags=re.ASCII)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


@pages.get("/file/<path:doc_id>")
def original_file(doc_id: str):
    """The file a document was read from, found through the index's catalog: no part of the URL becomes a
    path. An original web page or XML file is sandboxed: shown, but nothing in it runs."""
    e = engine()
    path = e.source_file(doc_id)
    fmt = e.document(doc_id).format
    if not path.is_file():
        raise DocumentNotFoundError(f"the source file of {doc_id} is no longer at {path}")
    packaged = PACKAGE_TYPES.get(path.suffix.lower())
    if packaged:
        response = send_file(path, mimetype=packaged, download_name=path.name, conditional=True,
                             as_attachment=not packaged.startswith("image/"))
        response.headers["Content-Security-Policy"] = SANDBOX
        return response
    mimetype = FILE_TYPES.get(fmt)
    if mimetype is None:  # text and Markdown, as the bytes are: UTF-8 said so only when they are UTF-8
        data = path.read_bytes()
        try:
            data.decode("utf-8")
            content_type = "text/plain; charset=utf-8"
        except UnicodeDecodeError:
            content_type = "text/plain"
        response = Response(data)
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(path.name)}"
        return response
    response = send_file(path, mimetype=mimetype, download_name=path.name, conditional=True)
    if fmt in ("html", "tei"):
        response.headers["Content-Security-Policy"] = SANDBOX
    return response


THUMBNAIL = 360  # pixels on the longer side of a photo shown beside a hit


@pages.get("/photo/<path:doc_id>/<int:paragraph>.jpg")
def photo_thumbnail(doc_id: str, paragraph: int):
    """A small copy of the photo a library item's passage belongs to (a Tropy photo), found through the
    index: no part of the URL becomes a path."""
    import io

    from PIL import Image, UnidentifiedImageError

    with engine() as e:
        path = e.passage_image(doc_id, paragraph)
    try:
        with Image.open(path) as image:
            image.thumbnail((THUMBNAIL, THUMBNAIL))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except (OSError, UnidentifiedImageError) as exc:
        raise DocumentNotFoundError(f"the photo of {doc_id}#p{paragraph} cannot be read: {exc}") from exc
    response = Response(out.getvalue(), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


# -- unAPI: what Zotero's unAPI translator reads -------------------------------------------------------

@pages.get("/unapi")
def unapi():
    item_id = request.args.get("id", "")
    fmt = request.args.get("format", "")
    if item_id:
        e = engine()
        e.reference(item_id)  # a 404 for an unknown id
    if not fmt:
        formats = "".join(f'<format name="{name}" type="{CITATION_MEDIA_TYPES[f]}"/>' for name, f in UNAPI_FORMATS.items())
        attr = f' id="{_xml_attr(item_id)}"' if item_id else ""
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<formats{attr}>{formats}</formats>\n'
        return Response(xml, status=300 if item_id else 200, mimetype="application/xml")
    if fmt not in UNAPI_FORMATS:
        return Response(f"unknown format {fmt!r}: use one of {', '.join(UNAPI_FORMATS)}\n", status=406,
                        mimetype="text/plain")
    if not item_id:
        raise BadParameter("unAPI: a format needs an id")
    e = engine()
    text = e.cite(item_id, UNAPI_FORMATS[fmt])
    response = Response(text, mimetype=CITATION_MEDIA_TYPES[UNAPI_FORMATS[fmt]])
    response.charset = "utf-8"
    return response


def _xml_attr(value: str) -> str:
    from markupsafe import escape

    return str(escape(value))


@pages.app_template_global()
def search_url(state: SearchState, **changes) -> str:
    return url_for("pages.search_page") + "?" + state.query_string(**changes)


__all__ = ["pages", "SearchState"]
