"""Allocator settings for a process that parses and codes in turns.

spaCy's layers allocate and free large arrays for every batch. Under glibc's default
"dynamic" thresholds, the Python objects coding makes between two batches let the heap top be
trimmed and the next batch's arrays come back as fresh pages, whose first touch is paid again
(measured: 7-8% of parse time when batches are parsed one ``nlp.pipe`` call at a time, as
``casus code`` and ``casus ingest`` do, against one call over all documents). Fixed thresholds
keep that memory in the process; peak memory is unchanged on the benchmark.

Only glibc has ``mallopt``; elsewhere this does nothing. ``CASUS_MALLOC_TUNING=0`` turns it off.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

__all__ = ["tune_allocator", "MMAP_THRESHOLD", "TRIM_THRESHOLD"]

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter numbers (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 16 * 1024 * 1024  # blocks this large or larger are mapped on their own
TRIM_THRESHOLD = 128 * 1024 * 1024  # free memory at the heap top kept before returning it

_done: bool | None = None


def tune_allocator() -> bool:
    """Set glibc's mmap and trim thresholds once per process; True if they are set."""
    global _done
    if _done is not None:
        return _done
    _done = False
    if not sys.platform.startswith("linux") or os.environ.get("CASUS_MALLOC_TUNING") == "0":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and other libcs have no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    _done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
    log.debug("glibc allocator thresholds set: %s", _done)
    return _done
