"""Modules our libraries import as they start for features the engine never uses, imported when first used instead.

whoosh 2.7's ``whoosh.compat`` takes ``urlretrieve`` from ``urllib.request`` (which pulls ``http.client``,
``email``, ``ssl`` and ``socket``: about 60 ms of a cold query's CPU) and never calls it, and
``whoosh.query.terms`` takes ``variations`` from ``whoosh.lang.morph_en`` (about 100 ms compiling its
regular expressions) for its ``Variations`` query, which the engine does not build. NumPy 2 loads
``numpy.linalg`` lazily (``np.linalg``) but two of its own modules take functions from it as they start
(``numpy.matrixlib``'s ``matrix_power``, the polynomial fits' ``eigvals``, ``inv`` and ``lstsq``), and
``numpy.linalg`` pulls ``numpy._typing``: about 10% of importing NumPy, for functions a query never calls.
NumPy's ``ndarray.ctypes`` helper imports ``ctypes`` as it starts; whoosh's file storage imports
``tempfile`` (with ``random``, ``hashlib`` and ``shutil``) for the temporary storage of a build.
While such a module is executed, each module named in :data:`DEFERRED` for it that is not imported yet is a
stand-in whose names are functions that import the real module on their first call and call its function;
once the importing module has run, the stand-in leaves ``sys.modules``, so any later import gets the real
module. Any other name read from a stand-in imports the real module too. The libraries' files are not
changed: this only decides when the modules are imported. ``tests/test_imports.py`` checks that a cold query
imports none of them, and that the deferred functions give what the real ones give.
"""

from __future__ import annotations

import sys
import threading
import types
from importlib import import_module

# the module whose import is deferred -> (the modules that import it at start-up, the names they take from it)
DEFERRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "urllib.request": (("whoosh.compat",), ("urlretrieve",)),
    "whoosh.lang.morph_en": (("whoosh.query.terms",), ("variations",)),
    "numpy.linalg": (("numpy.matrixlib.defmatrix", "numpy.lib._polynomial_impl"),
                     ("matrix_power", "eigvals", "inv", "lstsq")),
    "ctypes": (("numpy._core._internal",), ()),  # read only when an array's .ctypes is asked for
    "tempfile": (("whoosh.filedb.filestore",), ()),  # read only by whoosh's temporary storage
}

_lock = threading.Lock()


class _StandIn(types.ModuleType):
    """Stands for a module not imported yet: any name read from it but the deferred functions imports it."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if isinstance(module, _StandIn):
        with _lock:
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return import_module(name)


def _deferred_function(module: str, name: str):
    def call(*args, **kwargs):
        return getattr(_real(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = module
    call.__doc__ = f"``{module}.{name}``, imported on the first call."
    return call


class _Loader:
    """Runs a module with stand-ins for the modules it would import and not use."""

    def __init__(self, loader, deferred: list[str]):
        self.loader, self.deferred = loader, deferred

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        stand_ins = {}
        with _lock:
            for name in self.deferred:
                if name not in sys.modules:
                    stand_in = _StandIn(name)
                    for function in DEFERRED[name][1]:
                        setattr(stand_in, function, _deferred_function(name, function))
                    stand_ins[name] = sys.modules[name] = stand_in
        try:
            self.loader.exec_module(module)
        finally:
            with _lock:
                for name, stand_in in stand_ins.items():
                    if sys.modules.get(name) is stand_in:
                        del sys.modules[name]

    def __getattr__(self, name: str):  # get_code, get_source, is_package... as the real loader has them
        return getattr(self.loader, name)


class _Finder:
    """Finds the importing modules of :data:`DEFERRED` as the other finders do and gives them :class:`_Loader`."""

    def __init__(self):
        self.importers: dict[str, list[str]] = {}
        for name, (importers, _) in DEFERRED.items():
            for importer in importers:
                self.importers.setdefault(importer, []).append(name)
        self.finding: set[str] = set()  # a finder that asks the others in turn (as this one does) asks this one too

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.importers or fullname in self.finding:
            return None
        self.finding.add(fullname)
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                        spec.loader = _Loader(spec.loader, self.importers[fullname])
                    return spec
            return None
        finally:
            self.finding.discard(fullname)


def install() -> None:
    """Defer :data:`DEFERRED`'s modules when whoosh or NumPy is imported after this (once per process)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
