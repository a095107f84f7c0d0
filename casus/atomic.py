"""Writing a file so that a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text"]


def write_text(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` through a temporary file in the same folder, flushed to disk
    and renamed over it. Returns True when the file already held exactly ``text`` (and
    nothing was written)."""
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return True
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return False
