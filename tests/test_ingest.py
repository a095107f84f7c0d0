"""Tests of casus.ingest: every reader and every kind of bad input. No model needed."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from casus.errors import InputError
from casus.ingest import DEFAULT_MAX_BYTES, read_inputs
from casus.models import Document

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def read(*paths: Path | str, **kwargs: object) -> list[Document | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def only_error(results: list[Document | InputError]) -> InputError:
    assert len(results) == 1, results
    assert isinstance(results[0], InputError), results
    return results[0]


def only_document(results: list[Document | InputError]) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results
    return results[0]


def write_jsonl(path: Path, lines: list[object | str]) -> Path:
    rows = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- plain text -------------------------------------------------------------------------------


def test_ingest_plain_text_kept_exactly(tmp_path: Path) -> None:
    text = "  Rebels  attacked\tthe town.\n\n\nTroops   returned fire.  \n"
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    doc = only_document(read(tmp_path / "report.txt"))
    assert doc == Document(id="report", text=text, date=None, title=None)


def test_ingest_plain_text_strips_bom_and_converts_newlines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfOne.\r\nTwo.\rThree.\n")
    assert only_document(read(tmp_path / "a.txt")).text == "One.\nTwo.\nThree.\n"


@pytest.mark.parametrize("name", ["notes.md", "README", "story.json"])
def test_ingest_other_extensions_are_plain_text(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("Police arrested two men.", encoding="utf-8")
    doc = only_document(read(tmp_path / name))
    assert doc.text == "Police arrested two men."
    assert doc.id == Path(name).stem


def test_ingest_default_date_applies_to_plain_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    assert only_document(read(tmp_path / "a.txt", default_date="2024-03-05")).date == "2024-03-05"


@pytest.mark.parametrize("bad", ["2024-13-01", "05/03/2024", "yesterday", "2024-3-5", ""])
def test_ingest_bad_default_date_raises_value_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="default_date"):
        read_inputs([str(tmp_path)], default_date=bad)


def test_ingest_five_megabyte_text_read_intact(tmp_path: Path) -> None:
    line = "The army shelled the village near the border; civilians fled. ñ é ü\n"
    text = line * (5_000_000 // len(line.encode("utf-8")) + 1)
    assert len(text.encode("utf-8")) > 5_000_000
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    doc = only_document(read(tmp_path / "big.txt"))
    assert doc.text == text


# --- stdin ------------------------------------------------------------------------------------


def test_ingest_stdin_from_string_io() -> None:
    doc = only_document(read("-", stdin=io.StringIO("Protesters marched.\r\n"), default_date=None))
    assert doc.id == "stdin"
    assert doc.text == "Protesters marched.\n"


def test_ingest_stdin_bytes_not_utf8() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"caf\xe9\n"), encoding="utf-8")
    error = only_error(read("-", stdin=stream))
    assert "not valid UTF-8" in error.reason
    assert error.line == 1


def test_ingest_stdin_empty() -> None:
    assert "empty file" in only_error(read("-", stdin=io.StringIO("  \n"))).reason


# --- JSON Lines -------------------------------------------------------------------------------


def test_ingest_jsonl_reads_fields_and_skips_blank_lines(tmp_path: Path) -> None:
    record = {
        "id": "r1",
        "text": "Text one.",
        "date": "2024-03-05T14:00:00Z",
        "url": "https://example.org/1",
        "outlet": "Example",
        "title": "One",
        "language": "fr",
    }
    path = write_jsonl(tmp_path / "feed.jsonl", [record, "", "   ", {"text": "Text two."}])
    docs = read(path, default_date="2020-01-01")
    assert docs == [
        Document("r1", "Text one.", "2024-03-05", "https://example.org/1", "Example", "One", "fr"),
        Document("feed:4", "Text two.", "2020-01-01"),
    ]


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ('{"id": "x", "text": "unterminated', "invalid JSON"),
        ('["a list"]', "got an array"),
        ('"just a string"', "got a string"),
        ('{"id": "x"}', 'missing "text"'),
        ('{"id": "x", "text": "   "}', '"text" is empty'),
        ('{"id": "x", "text": 42}', '"text" must be a string'),
        ('{"id": "x", "text": "ok", "date": "March 5"}', 'bad "date"'),
        ('{"id": "x", "text": "ok", "date": "2024-02-30"}', 'bad "date"'),
        ('{"id": "x", "text": "ok", "title": ["t"]}', '"title" must be a string'),
    ],
)
def test_ingest_jsonl_bad_line_reported_and_rest_read(
    tmp_path: Path, bad_line: str, expected: str
) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "a", "text": "A."}, "", bad_line, {"text": "B."}]
    )
    results = read(path)
    assert [type(r) for r in results] == [Document, InputError, Document]
    error = results[1]
    assert isinstance(error, InputError)
    assert error.line == 3
    assert error.path == str(path)
    assert expected in error.reason
    assert "expected" in error.reason or "must be a string" in error.reason
    assert f"{path}:3:" in str(error)
    assert results[2] == Document(id="in:4", text="B.")


def test_ingest_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "next"}\n')
    results = read(path)
    assert [type(r) for r in results] == [Document, InputError, Document]
    error = results[1]
    assert isinstance(error, InputError)
    assert error.line == 2
    assert "byte offset 28" in error.reason
    assert "iconv -f latin1 -t utf-8" in error.reason


def test_ingest_jsonl_gzip(tmp_path: Path) -> None:
    body = '{"id": "g1", "text": "Zipped one."}\nnot json\n{"text": "Zipped two."}\n'
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(body.encode("utf-8")))
    results = read(path)
    assert results[0] == Document(id="g1", text="Zipped one.")
    assert isinstance(results[1], InputError)
    assert results[1].line == 2
    assert results[2] == Document(id="batch:3", text="Zipped two.")


def test_ingest_jsonl_line_over_limit(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": "x" * 500}, {"text": "short"}])
    results = read(path, max_bytes=100)
    assert isinstance(results[0], InputError)
    assert results[0].line == 1
    assert "larger than the limit of 100 bytes" in results[0].reason
    assert results[1] == Document(id="in:2", text="short")


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Clashes  in the north &amp; south</title>
<meta property="og:site_name" content="Daily Example">
<meta property="og:url" content="https://example.org/og">
<link rel="canonical" href="https://example.org/news/1">
<meta property="article:published_time" content="2024-03-05T08:30:00+01:00">
<style>body { color: red }</style>
<script>var tracking = "SCRIPT TEXT";</script>
</head><body>
<header><a href="/">Daily Example</a></header>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<div class="teaser">Teaser outside the article</div>
<article>
  <h1>Clashes in the north</h1>
  <p>Rebels   attacked an army
     post on Monday.</p>
  <aside>Related: other story</aside>
  <p>The army said it &quot;repelled&quot; the attack&nbsp;at dawn.<br>Two died.</p>
  <form><input name="q"> Search box</form>
</article>
<footer>Copyright 2024</footer>
</body></html>
"""


def test_ingest_html_keeps_article_text_with_paragraph_breaks(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    doc = only_document(read(tmp_path / "page.html", default_date="2020-01-01"))
    assert doc.text == (
        "Clashes in the north\n\n"
        "Rebels attacked an army post on Monday.\n\n"
        'The army said it "repelled" the attack at dawn.\n\n'
        "Two died."
    )
    for furniture in ("Home", "SCRIPT", "color", "Copyright", "Teaser", "Related", "Search"):
        assert furniture not in doc.text
    assert doc.id == "page"
    assert doc.title == "Clashes in the north & south"
    assert doc.date == "2024-03-05"
    assert doc.url == "https://example.org/news/1"
    assert doc.outlet == "Daily Example"


def test_ingest_html_without_article_uses_body_and_time(tmp_path: Path) -> None:
    page = """<html><head><meta property="og:url" content="https://example.org/og"></head>
    <body><nav>Menu</nav><h2>Headline</h2><div>First block</div>
    <p>Posted <time datetime="2023-11-02">2 Nov</time> by staff</p>
    <table><tr><td>cell one</td><td>cell two</td></tr></table></body></html>"""
    (tmp_path / "p.htm").write_text(page, encoding="utf-8")
    doc = only_document(read(tmp_path / "p.htm"))
    assert doc.text == "Headline\n\nFirst block\n\nPosted 2 Nov by staff\n\ncell one\n\ncell two"
    assert doc.date == "2023-11-02"
    assert doc.url == "https://example.org/og"
    assert doc.title is None


def test_ingest_html_main_element_and_bad_date_falls_back(tmp_path: Path) -> None:
    page = """<html><body><div>Sidebar</div><main><p>Main text.</p></main>
    <time datetime="last week">x</time></body></html>"""
    (tmp_path / "m.html").write_text(page, encoding="utf-8")
    doc = only_document(read(tmp_path / "m.html", default_date="2022-02-02"))
    assert doc.text == "Main text."
    assert doc.date == "2022-02-02"


def test_ingest_html_without_text(tmp_path: Path) -> None:
    (tmp_path / "e.html").write_text("<html><script>x()</script><nav>Menu</nav></html>")
    assert "no readable text" in only_error(read(tmp_path / "e.html")).reason


def test_ingest_gzip_html_and_text(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress(b"Plain\r\nzipped text"))
    html_doc, text_doc = read(tmp_path / "page.html.gz", tmp_path / "note.txt.gz")
    assert isinstance(html_doc, Document)
    assert html_doc.id == "page"
    assert html_doc.text.startswith("Clashes in the north\n\nRebels")
    assert text_doc == Document(id="note", text="Plain\nzipped text")


def test_ingest_corrupt_gzip(tmp_path: Path) -> None:
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage" * 3)
    assert "not a valid gzip file" in only_error(read(tmp_path / "bad.txt.gz")).reason


# --- directories and ids ----------------------------------------------------------------------


def test_ingest_directory_sorted_recursive_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "c.txt").write_text("C")
    (root / "a.txt").write_text("A")
    (root / "b" / "inner.txt").write_text("B")
    (root / ".hidden.txt").write_text("H")
    (root / ".git" / "config").write_text("G")
    assert [d.text for d in read(root)] == ["A", "B", "C"]  # type: ignore[union-attr]


def test_ingest_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "no files" in only_error(read(tmp_path / "empty")).reason


def test_ingest_same_stem_files_get_unique_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"From {folder}.")
    (tmp_path / "other.txt").write_text("Other.")
    docs = read("x/report.txt", "y/report.txt", "other.txt")
    assert [d.id for d in docs] == ["x/report.txt", "y/report.txt", "other"]  # type: ignore[union-attr]


def test_ingest_same_stem_jsonl_ids_use_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "feed.jsonl", [{"text": "J."}])
    (tmp_path / "feed.txt").write_text("T.")
    docs = read("feed.jsonl", "feed.txt")
    assert [d.id for d in docs] == ["feed.jsonl:1", "feed.txt"]  # type: ignore[union-attr]


def test_ingest_same_file_twice_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.")
    assert read(tmp_path / "a.txt", tmp_path / "a.txt") == [Document(id="a", text="A.")]


# --- bad inputs -------------------------------------------------------------------------------


def test_ingest_missing_path_then_carries_on(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Fine.")
    missing = tmp_path / "nope.txt"
    error, doc = read(missing, tmp_path / "ok.txt")
    assert isinstance(error, InputError)
    assert error.path == str(missing)
    assert "no such file" in error.reason
    assert doc == Document(id="ok", text="Fine.")


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("name", ["e.txt", "e.jsonl", "e.html"])
def test_ingest_empty_file(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    error = only_error(read(tmp_path / name))
    assert error.reason == "empty file, nothing to code"
    assert error.path == str(tmp_path / name)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"some text\x00\x01\x02more", "NUL bytes"),
    ],
)
@pytest.mark.parametrize("name", ["doc.txt", "doc.jsonl", "doc.html"])
def test_ingest_binary_file(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    (tmp_path / name).write_bytes(content)
    error = only_error(read(tmp_path / name))
    assert kind in error.reason
    assert error.reason.startswith("binary file (")
    assert error.reason.endswith("not text; convert it to text first")


def test_ingest_binary_message_wording(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    error = only_error(read(tmp_path / "paper.pdf"))
    assert error.reason == "binary file (looks like PDF), not text; convert it to text first"


def test_ingest_utf16_file(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes("Hello".encode("utf-16"))
    assert "UTF-16" in only_error(read(tmp_path / "w.txt")).reason


def test_ingest_invalid_utf8_gives_line_and_offset(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("first line\nsecond café\n".encode("latin-1"))
    error = only_error(read(tmp_path / "latin.txt"))
    assert error.line == 2
    assert "line 2" in error.reason
    assert "byte offset 21" in error.reason
    assert "0xE9" in error.reason
    assert "re-encode it as UTF-8, e.g. iconv -f latin1 -t utf-8" in error.reason
    assert str(error).startswith(f"{tmp_path / 'latin.txt'}:2: ")


@pytest.mark.parametrize("name", ["big.txt", "big.html"])
def test_ingest_document_over_limit(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"word " * 300)
    error = only_error(read(tmp_path / name, max_bytes=1000))
    assert "1,500 bytes" in error.reason
    assert "limit of 1,000 bytes" in error.reason


def test_ingest_gzip_document_over_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"word " * 300))
    error = only_error(read(tmp_path / "big.txt.gz", max_bytes=1000))
    assert "limit of 1,000 bytes" in error.reason


def test_ingest_default_limit_is_twenty_megabytes() -> None:
    assert DEFAULT_MAX_BYTES == 20_000_000


def test_ingest_permission_denied_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Hidden.")
    (tmp_path / "open.txt").write_text("Open.")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded_open)
    error, doc = read(secret, tmp_path / "open.txt")
    assert isinstance(error, InputError)
    assert "permission denied" in error.reason
    assert error.path == str(secret)
    assert doc == Document(id="open", text="Open.")


@pytest.mark.skipif(ROOT or os.name != "posix", reason="needs a non-root POSIX user")
def test_ingest_permission_denied_real(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Hidden.")
    secret.chmod(0)
    try:
        assert "permission denied" in only_error(read(secret)).reason
    finally:
        secret.chmod(0o600)


def test_ingest_unreadable_directory_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "corpus" / "locked"
    locked.mkdir(parents=True)
    (locked / "x.txt").write_text("X.")
    (tmp_path / "corpus" / "z.txt").write_text("Z.")
    real_scandir = os.scandir

    def guarded_scandir(path: object):  # type: ignore[no-untyped-def]
        if Path(os.fspath(path)).name == "locked":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    error, doc = read(tmp_path / "corpus")
    assert isinstance(error, InputError)
    assert error.path == str(locked)
    assert "cannot list this directory" in error.reason
    assert doc == Document(id="z", text="Z.")


@pytest.mark.skipif(ROOT or os.name != "posix", reason="needs a non-root POSIX user")
def test_ingest_unreadable_directory_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert "permission denied" in only_error(read(locked)).reason
    finally:
        locked.chmod(0o700)


def test_ingest_errors_are_yielded_not_raised(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_text("D.")
    results = read(
        tmp_path / "a.txt",
        tmp_path / "b.pdf",
        tmp_path / "zz",
        tmp_path / "c.txt",
        tmp_path / "d.txt",
    )
    assert [type(r).__name__ for r in results] == [
        "Document",
        "InputError",
        "InputError",
        "InputError",
        "Document",
    ]


def test_folder_skips_readme_license_and_markdown(tmp_path: Path) -> None:
    for name in ("README.md", "LICENSE", "notes.md", "report.txt"):
        (tmp_path / name).write_text("Police arrested two men.", encoding="utf-8")
    docs = [d for d in read_inputs([str(tmp_path)]) if not isinstance(d, InputError)]
    assert [d.id for d in docs] == ["report"]


@pytest.mark.parametrize(
    ("head", "want"),
    [
        ("Centre for Studies - Iraq Brief\n16 April 2018\n\nText.", "2018-04-16"),
        ("Weekly outlook\nIssued 20 June 2025\n\nText.", "2025-06-20"),
        ("April 16, 2018\nText.", "2018-04-16"),
        ("Monday, 3 March 2025\nText.", "2025-03-03"),
        ("The war began on 16 April 2018 when the army attacked.", None),
        ("Brief\n31 February 2020\n", None),
    ],
)
def test_plain_text_takes_the_date_on_a_line_of_its_own_at_the_top(
    tmp_path: Path, head: str, want: str | None
) -> None:
    (tmp_path / "a.txt").write_text(head, encoding="utf-8")
    doc = only_document(read(tmp_path / "a.txt", default_date="2001-01-01"))
    assert doc.date == (want or "2001-01-01")
