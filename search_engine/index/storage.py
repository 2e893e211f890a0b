"""Reading the live generation: which one it is, whether its files match their manifest, opening it.

A build never touches the live generation (see :mod:`.writer`). The manifest holds the size and SHA-256
of every file of a generation: opening an index checks it, so a truncated, zeroed, deleted or altered
file is reported as damage instead of giving wrong results.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

from ..errors import IndexDamagedError, IndexNotFoundError, IndexPathError
from .catalog import check_format, load_catalog
from .layout import CATALOG, CURRENT, MANIFEST, VERIFIED, WHOOSH_INDEX, damaged


def current_generation(index_dir: str | os.PathLike, verify: bool = True) -> Path:
    """The folder of the live generation, checked against its manifest (see :func:`verify_generation`).

    IndexNotFoundError when there is no index yet. A generation replaced by a build while it was being
    checked is not damage: the check moves on to the new one.
    """
    index_dir = Path(index_dir)
    for _ in range(5):
        gen = named_generation(index_dir)
        if not verify:
            return gen
        try:
            verify_generation(gen)
            return gen
        except IndexDamagedError:
            if named_generation(index_dir) == gen:
                raise
    raise damaged(f"{index_dir}/{CURRENT} keeps changing")


def named_generation(index_dir: Path) -> Path:
    """The generation CURRENT names (not checked: see :func:`verify_generation`)."""
    check_index_path(index_dir)
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        if any((g / MANIFEST).is_file() for g in index_dir.glob("gen-*")):  # complete generations, none named
            raise damaged(f"{index_dir}/{CURRENT} is missing") from None
        raise IndexNotFoundError(f"no index in {index_dir}/: run `search-engine index SOURCES...` first") from None
    except OSError as e:
        raise damaged(f"cannot read {index_dir}/{CURRENT} ({e.strerror or e})") from e
    if not re.fullmatch(r"gen-[\w.-]+", name) or not (index_dir / name).is_dir():
        raise damaged(f"{index_dir}/{CURRENT} names no generation ({name[:40]!r})")
    return index_dir / name


def check_index_path(index_dir: Path) -> None:
    """IndexPathError when ``index_dir`` cannot be an index folder: it, or a folder above it, is a file."""
    for folder in (index_dir, *index_dir.parents):
        try:
            if folder.exists() and not folder.is_dir():
                what = "is a file" if folder == index_dir else f"is inside {folder}, which is a file"
                raise IndexPathError(f"the index folder {index_dir} {what}, not a folder: give another index path")
        except OSError as e:  # a folder above it that cannot be looked into
            raise IndexPathError(f"cannot use {index_dir} as an index folder: {e.strerror or e}") from e
        if folder.is_dir():
            return


def read_manifest(gen: Path) -> dict[str, list]:
    """The manifest's file list (name -> [size, sha256]), checked against the manifest's own checksum."""
    try:
        manifest = json.loads((gen / MANIFEST).read_bytes())
        files = manifest["files"]
        if not isinstance(files, dict):
            raise ValueError("no file list")
        if manifest.pop("sha256", None) != manifest_digest(manifest):
            raise ValueError("it does not match its own checksum")
        check_format(manifest.get("format"), manifest.get("sources"))
    except FileNotFoundError:
        load_catalog(gen)  # an index from before manifests: IndexOutdatedError, so it is rebuilt
        raise damaged(f"{gen.name}/{MANIFEST} is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise damaged(f"cannot read {gen.name}/{MANIFEST} ({e})") from e
    return files


class Verifier:
    """What is known of a generation's files: which were found to match the manifest, and when.

    Kept in memory by whoever reads the generation; a reader never writes into the index folder. It
    starts from the stamps the build recorded (``.verified.json``), so a fresh reader hashes only files
    that changed since, or were copied, after the build.
    """

    def __init__(self, gen: Path):
        self.gen = gen
        self.files = read_manifest(gen)
        self.stamps: dict[str, list] = load_stamps(gen)
        self._paths = {name: os.path.join(gen, name) for name in self.files}  # (stat'ed for every query)

    def check(self, full: bool = False) -> None:
        """Sizes of every file, and the contents (SHA-256) of those not vouched for by a stamp (all with
        ``full``); IndexDamagedError names the first bad file."""
        stamps = {} if full else self.stamps
        checked_at = time.time_ns()
        fresh: dict[str, list] = {}
        for name, entry in self.files.items():
            try:
                size, digest = entry
                st = os.stat(self._paths[name])
            except FileNotFoundError:
                raise damaged(f"{self.gen.name}/{name} is missing") from None
            except (OSError, ValueError, TypeError) as e:
                raise damaged(f"cannot check {self.gen.name}/{name} ({e})") from e
            if st.st_size != size:
                raise damaged(f"{self.gen.name}/{name} has {st.st_size} bytes, not {size}")
            stamp = [st.st_ino, st.st_size, st.st_mtime_ns]
            if stamps.get(name) != stamp:
                if file_sha256(self.gen / name) != digest:
                    raise damaged(f"{self.gen.name}/{name} does not match its checksum")
                if stamp[2] < checked_at - STAMP_MARGIN_NS:
                    fresh[name] = stamp
        if fresh:
            self.stamps = {**self.stamps, **fresh}


def verify_generation(gen: Path, full: bool = False) -> None:
    """Check a generation's files against its manifest; IndexDamagedError names the first bad file.

    Sizes are always checked. Contents (SHA-256) are checked unless the file is as the build left it
    (same inode, size and modification time as ``.verified.json`` records), and always with ``full``.
    Nothing is written.
    """
    Verifier(gen).check(full)


# A file's modification time comes from a coarse clock: a write in the same tick as the one a stamp
# recorded would go unseen. So a stamp vouches for a file only if the file had not been written for this
# long when its content was checked (git's "racily clean" entries, solved the same way); the build sets
# the time of the files it writes to before this margin (see writer.stamp_generation).
STAMP_MARGIN_NS = 2_000_000_000


def load_stamps(gen: Path) -> dict[str, list]:
    """The stamps (file name -> [inode, size, mtime_ns]) the build recorded, those that can vouch for a file."""
    try:
        data = json.loads((gen / VERIFIED).read_bytes())
        checked_at = int(data["checked_at"])
        return {name: stamp for name, stamp in data["files"].items()
                if isinstance(stamp, list) and len(stamp) == 3 and stamp[2] < checked_at - STAMP_MARGIN_NS}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError as e:
        raise damaged(f"cannot read {path.parent.name}/{path.name} ({e.strerror or e})") from e
    return h.hexdigest()


def manifest_digest(body: dict) -> str:
    """The manifest's checksum of itself, so a damaged manifest is not mistaken for damaged files."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def open_whoosh(gen: Path):
    """The generation's whoosh index, read where it lies. Not memory-mapped: whoosh copies each part of a
    memory-mapped segment (its whole term table, its whole postings file) into memory when a searcher opens
    it, 200 MB for the OCR corpus, more for every searcher and in proportion to the archive; read from the
    file, a searcher reads the terms and blocks a query asks for."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import EmptyIndexError

    try:
        return FileStorage(str(gen), supports_mmap=False, readonly=True).open_index(WHOOSH_INDEX)
    except (EmptyIndexError, OSError, ValueError, EOFError, KeyError, IndexError, TypeError) as e:
        raise damaged(f"cannot open {gen.name} ({e})") from e
    except Exception as e:  # whoosh unpickles its table of contents: anything can come out of a bad one
        raise damaged(f"cannot open {gen.name} ({type(e).__name__}: {e})") from e


def load_connections(gen: Path) -> tuple[dict[str, dict], dict]:
    """Every document's profile and the connections of a generation as maps (:func:`.linkstore.read_all`)."""
    from .layout import LINKS
    from .linkstore import read_all

    return read_all(gen / LINKS)


def salvage_sources(index_dir: Path) -> list[str]:
    """The sources a damaged index was built from, read from whichever catalog is still readable."""
    gens = sorted(index_dir.glob("gen-*"), key=lambda g: g.stat().st_mtime, reverse=True)
    try:
        gens.insert(0, named_generation(index_dir))
    except (IndexNotFoundError, IndexDamagedError):
        pass
    for gen in gens:
        for name in (MANIFEST, CATALOG):
            try:
                sources = json.loads((gen / name).read_bytes())["sources"]
                if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
                    return sources
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return []
