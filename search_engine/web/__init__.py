"""The local web page: a thin, read-only layer over :class:`search_engine.SearchEngine` (Flask and Jinja2
templates, served by waitress). ``search-engine serve`` starts it; :func:`create_app` builds the app."""

from __future__ import annotations


def create_app(engine, *, name: str = ""):
    """A Flask app serving ``engine`` read-only (see :mod:`.app`)."""
    from .app import create_app as _create

    return _create(engine, name=name)


__all__ = ["create_app"]
