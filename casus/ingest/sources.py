"""Turn the paths the user gave into a list of input sources with unique document ids."""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from casus.errors import InputError

__all__ = ["STDIN_ID", "FileSource", "StdinSource", "plan_sources"]

logger = logging.getLogger(__name__)

STDIN_ID = "stdin"
TEXT, JSONL, HTML, CSV, TSV, FEED = "text", "jsonl", "html", "csv", "tsv", "feed"
# File suffix (after any .gz) → kind of reader; anything else is plain text.
KINDS = {
    ".jsonl": JSONL,
    ".html": HTML,
    ".htm": HTML,
    ".csv": CSV,
    ".tsv": TSV,
    ".rss": FEED,
    ".atom": FEED,
    ".xml": FEED,
}


@dataclass(frozen=True, slots=True)
class StdinSource:
    """``-``: one plain-text document from standard input."""

    key: str = STDIN_ID


@dataclass(frozen=True, slots=True)
class FileSource:
    """One file to read. ``display`` is the path as the user named it (used in messages)."""

    path: Path
    display: str
    kind: str
    compressed: bool
    stem: str
    key: str = ""


Source = FileSource | StdinSource


def _file_source(path: Path, display: str) -> FileSource:
    name = path.name
    compressed = name.lower().endswith(".gz")
    inner = Path(name[:-3]) if compressed else Path(name)
    kind = KINDS.get(inner.suffix.lower(), TEXT)
    return FileSource(path, display, kind, compressed, inner.stem or name)


DOC_NAMES = ("readme", "license", "licence", "changelog", "copying", "authors")
DOC_SUFFIXES = (".md", ".rst")


def _is_documentation(name: str) -> bool:
    """A folder's README, LICENSE or Markdown notes are about the corpus, not reports in it;
    they are skipped when a folder is read (a file named on its own is always read)."""
    low = name.lower()
    return low.startswith(DOC_NAMES) or low.endswith(DOC_SUFFIXES)


def _walk(directory: Path, display: str) -> Iterator[FileSource | InputError]:
    """Files under ``directory`` in sorted order, recursively; hidden entries are skipped."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except PermissionError:
        yield InputError("permission denied: cannot list this directory", path=display)
        return
    except OSError as exc:
        yield InputError(f"cannot read this directory: {exc.strerror or exc}", path=display)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_documentation(entry.name):
            logger.info(
                "skipping %s: documentation, not a report", os.path.join(display, entry.name)
            )
            continue
        shown = os.path.join(display, entry.name)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path), shown)
            elif entry.is_file():
                yield _file_source(Path(entry.path), shown)
            else:
                logger.debug("skipping %s: not a regular file", shown)
        except OSError as exc:
            yield InputError(f"cannot access: {exc.strerror or exc}", path=shown)


def _expand(raw: str) -> Iterator[Source | InputError]:
    if raw == "-":
        yield StdinSource()
        return
    if not raw:
        yield InputError("empty path given", path="''")
        return
    path = Path(raw)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except PermissionError:
        yield InputError("permission denied: cannot access it", path=raw)
        return
    except OSError as exc:
        yield InputError(f"cannot access: {exc.strerror or exc}", path=raw)
        return
    if not exists:
        reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        yield InputError(reason, path=raw)
    elif is_dir:
        found = list(_walk(path, raw))
        if not found:
            yield InputError("directory has no files to read (hidden files are skipped)", path=raw)
        yield from found
    else:
        yield _file_source(path, raw)


def _relative_key(path: Path) -> str:
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.absolute().as_posix()


def plan_sources(paths: Iterable[str]) -> list[Source | InputError]:
    """Expand directories, drop repeated inputs and give each file its document id key.

    The key is the file stem; when several inputs share a stem, each of those uses its path
    relative to the current directory instead.
    """
    planned: list[Source | InputError] = []
    seen: set[str] = set()
    for raw in paths:
        for item in _expand(os.fspath(raw)):
            if isinstance(item, InputError):
                planned.append(item)
                continue
            identity = STDIN_ID if isinstance(item, StdinSource) else os.path.realpath(item.path)
            if identity in seen:
                logger.warning("skipping %s: already given as input", raw)
                continue
            seen.add(identity)
            planned.append(item)
    stems = Counter(
        item.stem if isinstance(item, FileSource) else STDIN_ID
        for item in planned
        if not isinstance(item, InputError)
    )
    return [
        replace(item, key=item.stem if stems[item.stem] == 1 else _relative_key(item.path))
        if isinstance(item, FileSource)
        else item
        for item in planned
    ]
