"""From bytes to document text: binary sniffing, strict UTF-8, BOM and newline handling.

The text is otherwise kept exactly as decoded, because later stages report character offsets
into it.
"""

from __future__ import annotations

from casus.errors import InputError

__all__ = [
    "EMPTY_MESSAGE",
    "SNIFF_BYTES",
    "UTF8_HINT",
    "bad_utf8_message",
    "decode_text",
    "normalise_text",
    "sniff_binary",
    "too_large_message",
]

SNIFF_BYTES = 8192
EMPTY_MESSAGE = "empty file, nothing to code"
UTF8_HINT = "re-encode it as UTF-8, e.g. iconv -f latin1 -t utf-8"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)

# (magic number, what it looks like, extra hint)
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "PDF", ""),
    (b"\x89PNG\r\n\x1a\n", "PNG", ""),
    (b"PK\x03\x04", "ZIP, e.g. DOCX/XLSX/ODT/EPUB", ""),
    (b"PK\x05\x06", "ZIP", ""),
    (b"\x7fELF", "ELF", ""),
    (b"\x1f\x8b", "gzip", "; or, if it is compressed text, give it a .gz suffix"),
    (b"GIF87a", "GIF", ""),
    (b"GIF89a", "GIF", ""),
    (b"\xff\xd8\xff", "JPEG", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old MS Office file, e.g. DOC/XLS", ""),
    (b"\xfd7zXZ\x00", "xz", ""),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip", ""),
    (b"SQLite format 3\x00", "SQLite", ""),
)


def sniff_binary(head: bytes) -> str | None:
    """Say why ``head`` (the first bytes of a file) is not UTF-8 text, or None if it may be."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return (
                f"{encoding} text, not UTF-8; re-encode it as UTF-8, "
                f"e.g. iconv -f {encoding.lower()} -t utf-8"
            )
    for magic, kind, hint in _MAGIC:
        if head.startswith(magic):
            return f"binary file (looks like {kind}), not text; convert it to text first{hint}"
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary file (NUL bytes in the first 8 KB), not text; convert it to text first"
    return None


def bad_utf8_message(bad_byte: int, *, line: int, column: int, offset: int) -> str:
    """Message for the first invalid byte; ``column`` is 1-based, ``offset`` 0-based."""
    return (
        f"not valid UTF-8: byte 0x{bad_byte:02X} at line {line}, byte {column} of the line "
        f"(byte offset {offset} in the file); {UTF8_HINT}"
    )


def too_large_message(size: int | None, limit: int) -> str:
    """Message for a document over ``limit`` bytes (``size`` None: only known to be over)."""
    what = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return (
        f"document is {what}, larger than the limit of {limit:,} bytes (max_bytes); "
        "split it into smaller documents or raise the limit"
    )


def normalise_text(text: str) -> str:
    """Strip a leading BOM and turn CRLF and lone CR into LF; nothing else."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_text(data: bytes, path: str) -> str | InputError:
    """Decode a whole document, or say (as an InputError) why it cannot be read as text."""
    if not data.strip():
        return InputError(EMPTY_MESSAGE, path=path)
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason is not None:
        return InputError(reason, path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        message = bad_utf8_message(data[start], line=line, column=column, offset=start)
        return InputError(message, path=path, line=line)
    text = normalise_text(text)
    if not text.strip():
        return InputError(EMPTY_MESSAGE, path=path)
    return text
