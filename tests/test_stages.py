"""The code is laid out as stages in the order data flows (README "How the code is laid out"): a module
imports only from its own stage and the stages before it. Every import in the package is checked, the ones
inside functions too, so a back-edge (a reader importing the query side, the API importing the CLI) fails here."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "search_engine"

# each stage with the rank of its place in the flow; a stage may import any stage of a lower or equal rank
STAGES = {
    "model": 0, "errors": 0, "arguments": 0,
    "deferred": 0,  # imported by the package itself, before whoosh: the imports whoosh makes and a query does not use
    "vocabulary": 1,
    "analysis": 2,  # text -> terms: the readers use its word forms and language detection as the index does
    "ingest": 3,
    "index": 4,
    "query": 5,
    "search": 6,
    "cite": 7,
    "api": 8, "solr": 8,  # the embedded engine and the SolrCloud one behind the same API
    "cli": 9, "web": 9, "__main__": 10,
}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # the package itself ("search_engine") is its public face


def _imports(path: Path):
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "search_engine" and node.level:  # "from .. import x": the names are modules
                yield from (f"search_engine.{a.name}" for a in node.names)
            else:
                yield target
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_every_module_belongs_to_a_known_stage():
    found = {_stage(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert found - {None, "__init__"} <= set(STAGES), sorted(found - set(STAGES))


def test_no_module_imports_a_later_stage():
    back_edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _stage(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if own in (None, "__init__"):
            continue
        for target in _imports(path):
            if not target.startswith("search_engine."):
                continue
            other = _stage(target)
            if other in STAGES and STAGES[other] > STAGES[own]:
                back_edges.append(f"{path.relative_to(PACKAGE.parent)} imports {target}")
    assert not back_edges, "\n".join(back_edges)
