"""``search-engine serve``: the app behind waitress, a threaded WSGI server (pure Python, on PyPI, made
for production use), on one address.

The page only reads: requests are short, and a handful of threads suffices for one reader or a seminar."""

from __future__ import annotations

import ipaddress

THREADS = 4


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this computer (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(app, host: str, port: int, threads: int = THREADS):
    """A waitress server bound to host:port (port 0: any free port; ``server.effective_port`` says which)."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="search-engine",
                         clear_untrusted_proxy_headers=True, expose_tracebacks=False)


def url_of(server, host: str) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{server.effective_port}/"
