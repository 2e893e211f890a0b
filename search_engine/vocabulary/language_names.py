"""Language names and ISO 639-1 codes: the languages the engine can detect and stem, as users name them."""

from __future__ import annotations

import re

# ISO 639-1 code -> English name, for the languages we can detect and stem
LANGUAGES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "fr": "French", "de": "German",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "pl": "Polish", "cs": "Czech",
}
_NAMES = {name.lower(): code for code, name in LANGUAGES.items()} | {
    "русский": "ru", "английский": "en", "українська": "uk", "français": "fr", "deutsch": "de",
    "español": "es", "czech": "cs", "polski": "pl",
}


def language_code(value: str) -> str:
    """``"Russian"``, ``"русский"``, ``"ru"`` or ``"ru-RU"`` -> ``"ru"``; ``""`` for a language we do not know."""
    v = value.strip().lower()
    if not v:
        return ""
    if v in _NAMES:
        return _NAMES[v]
    code = re.split(r"[-_]", v)[0]
    return code if code in LANGUAGES else ""


def language_codes(names, option: str) -> list[str]:
    """The codes of the languages a filter names, each once, in order; a name we do not know is a QueryError
    that names the ``option`` it came in ("language=", "--lang") and lists the known languages."""
    from ..errors import QueryError

    codes: list[str] = []
    for name in names:
        code = language_code(name)
        if not code:
            known = ", ".join(f"{c} ({n})" for c, n in LANGUAGES.items())
            raise QueryError(f"{option}{name!r} is not a language this engine knows; use one of {known}")
        if code not in codes:
            codes.append(code)
    return codes
