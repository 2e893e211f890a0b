"""The Flask application: one SearchEngine, read-only routes (GET and HEAD only), the security headers every
response carries, and the error pages (400 with the CLI's message, 404, 503 for a damaged or locked index;
never a traceback).

Routes live in :mod:`.pages`; later pages (related documents, several indexes) add a blueprint there and
templates beside the others.
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request

from ..errors import (
    DocumentNotFoundError,
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    QueryError,
    SearchEngineError,
    command_line_words,
)
from .params import BadParameter

# the page's own style and script only; no inline script or style, no frames, no plug-ins, no other origin
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
log = logging.getLogger(__name__)


def create_app(engine, *, name: str = "") -> Flask:
    """A Flask app serving ``engine`` (a :class:`search_engine.SearchEngine`) read-only.

    ``name`` is shown in the page title (the index folder by default)."""
    app = Flask(__name__)
    app.config.update(JSON_AS_ASCII=False, MAX_CONTENT_LENGTH=0, TEMPLATES_AUTO_RELOAD=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["search_engine"] = engine  # shared by the server's threads: the engine is thread-safe
    app.jinja_env.globals["index_name"] = name or str(engine.index_dir)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True

    from .pages import pages

    app.register_blueprint(pages)

    @app.before_request
    def only_reads():
        if request.method not in ("GET", "HEAD"):
            return error_response(405, "this page is read-only: only GET requests are answered")
        g.wants_json = request.path.endswith(".json")
        return None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(BadParameter)
    @app.errorhandler(QueryError)
    def bad_request(e):
        return error_response(400, command_line_words(str(e)))

    @app.errorhandler(ValueError)  # the API's word on an argument it cannot take (a format, a date)
    def bad_value(e):
        return error_response(400, command_line_words(str(e)))

    @app.errorhandler(DocumentNotFoundError)
    def not_found(e):
        return error_response(404, command_line_words(str(e)))

    @app.errorhandler(IndexDamagedError)
    @app.errorhandler(IndexLockedError)
    @app.errorhandler(IndexNotFoundError)
    def unavailable(e):
        return error_response(503, command_line_words(str(e)))

    @app.errorhandler(SearchEngineError)
    def engine_error(e):
        return error_response(500, command_line_words(str(e)))

    @app.errorhandler(404)
    def no_route(e):
        return error_response(404, f"nothing here: {request.path}")

    @app.errorhandler(405)
    def wrong_method(e):
        return error_response(405, "this page is read-only: only GET requests are answered")

    @app.errorhandler(Exception)
    def unexpected(e):
        log.exception("unexpected error answering %s", request.full_path)
        return error_response(500, f"unexpected {type(e).__name__}: the server's output has the details")

    return app


TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error",
          503: "Index unavailable"}


def error_response(status: int, message: str):
    """An error as a page, or as JSON ``{"error", "status"}`` for a ``.json`` address."""
    if request.path.endswith(".json"):
        response = jsonify({"error": message, "status": status})
    else:
        response = app_render("error.html", status=status, title=TITLES.get(status, "Error"), message=message)
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


def app_render(template: str, **context):
    from flask import make_response

    return make_response(render_template(template, **context))
