"""The README's Python example runs as printed, and does what it says."""

import contextlib
import io
import re
import shutil

from .conftest import ROOT, SEEDS


def test_the_python_example_returns_as_many_hits_as_it_asks_for(tmp_path, monkeypatch):
    """It asked for limit=5 and printed 3 hits: grouping (at most 3 passages of one document) applied
    silently. The example now says how many of one document it wants."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Using it from Python\n\n```python\n(.*?)```", readme, re.S).group(1)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    limit = int(re.search(r"limit=(\d+)", code).group(1))
    total = int(re.search(r"^(\d+) passages match", out.getvalue(), re.M).group(1))
    hits = [line for line in out.getvalue().splitlines() if re.match(r"\d+ \S+#p\d+ ", line)]
    assert total >= limit and len(hits) == limit
