"""Tests of casus.ingest for CSV/TSV files and RSS/Atom feeds. No model needed."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from casus.errors import InputError
from casus.ingest import CsvColumns, read_inputs
from casus.ingest.dates import parse_feed_date
from casus.models import Document


def read(*paths: Path | str, **kwargs: object) -> list[Document | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def documents(results: list[Document | InputError]) -> list[Document]:
    assert all(isinstance(r, Document) for r in results), results
    return results  # type: ignore[return-value]


def only_error(results: list[Document | InputError]) -> InputError:
    assert len(results) == 1, results
    assert isinstance(results[0], InputError), results
    return results[0]


# --- CSV and TSV ------------------------------------------------------------------------------


def test_ingest_csv_default_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,date,url,outlet,title,language,text\n"
        "a1,2024-03-05T14:00:00Z,https://example.org/a1,Example Post,Clashes,fr,Rebels attacked.\n"
        ",,,,,,Troops withdrew.\n",
        encoding="utf-8",
    )
    docs = documents(read(path, default_date="2020-01-01"))
    assert docs == [
        Document(
            "a1",
            "Rebels attacked.",
            "2024-03-05",
            "https://example.org/a1",
            "Example Post",
            "Clashes",
            "fr",
        ),
        Document("news:2", "Troops withdrew.", "2020-01-01"),
    ]


def test_ingest_csv_auto_detects_common_header_names(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        " Headline ,Body,Published,Link,Source\n"
        "Strike hits depot,An air strike hit a depot.,2024-03-06,https://x.org/1,Wire\n",
        encoding="utf-8",
    )
    (doc,) = documents(read(path))
    assert doc == Document(
        "export:1",
        "An air strike hit a depot.",
        "2024-03-06",
        "https://x.org/1",
        "Wire",
        "Strike hits depot",
    )


def test_ingest_csv_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    # "text" is present but is not the column the user asked for.
    path.write_text(
        "story_id,text,story,when\ns-9,ignore me,Police arrested two men.,2023-12-31\n",
        encoding="utf-8",
    )
    columns = CsvColumns(text="story", id="story_id", date="WHEN")
    (doc,) = documents(read(path, csv_columns=columns))
    assert (doc.id, doc.text, doc.date) == ("s-9", "Police arrested two men.", "2023-12-31")


def test_ingest_csv_named_column_missing_reports_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("text,date\nSome text.,2024-01-01\n", encoding="utf-8")
    error = only_error(read(path, csv_columns=CsvColumns(date="published_at")))
    assert "'published_at'" in error.reason
    assert error.path.endswith("c.csv")


def test_ingest_csv_columns_rejects_empty_name() -> None:
    with pytest.raises(ValueError, match="csv_columns.text"):
        CsvColumns(text=" ")


def test_ingest_csv_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_bytes(
        b"id,text,date\r\n"  # line 1
        b'one,"First paragraph.\r\n\r\nSecond ""quoted"" one.",2024-01-02\r\n'  # lines 2-4
        b'two,"Spans\nthree\nlines",not a date\r\n'  # lines 5-7: bad date
        b"\r\n"  # line 8: blank, skipped
        b"three,Last one.,\r\n"  # line 9
        b'four,"",2024-01-03\r\n'  # line 10: empty text
    )
    results = read(path)
    assert [type(r) for r in results] == [Document, InputError, Document, InputError]
    first, bad_date, last, empty = results
    assert isinstance(first, Document)
    assert first.text == 'First paragraph.\n\nSecond "quoted" one.'
    assert isinstance(bad_date, InputError)
    assert (bad_date.line, "bad date 'not a date'" in bad_date.reason) == (5, True)
    assert isinstance(last, Document)
    assert (last.id, last.date) == ("three", None)
    assert isinstance(empty, InputError)
    assert empty.line == 10
    assert "empty" in empty.reason
    assert str(empty).startswith(f"{path}:10: ")


def test_ingest_csv_bad_rows_reported_and_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "title,text,url\n"  # 1
        "Short row only\n"  # 2: no value for the text column
        "T,Good row.,https://a.org\n"  # 3
        "T,Too,many,fields\n"  # 4
        "T,   ,https://b.org\n"  # 5: blank text
        "T,Another good row.\n",  # 6: trailing url missing, fine
        encoding="utf-8",
    )
    results = read(path)
    kinds = [(type(r).__name__, r.line if isinstance(r, InputError) else r.id) for r in results]
    assert kinds == [
        ("InputError", 2),
        ("Document", "rows:2"),
        ("InputError", 4),
        ("InputError", 5),
        ("Document", "rows:5"),
    ]
    assert "no value for the text column 'text'" in results[0].reason  # type: ignore[union-attr]
    assert "header has 3" in results[2].reason  # type: ignore[union-attr]


def test_ingest_csv_header_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "notext.csv"
    path.write_text("id,Date,Summary\n1,2024-01-01,Something.\n", encoding="utf-8")
    error = only_error(read(path))
    assert error.line == 1
    assert "no text column" in error.reason
    assert "'id', 'Date', 'Summary'" in error.reason
    assert "CsvColumns(text=" in error.reason


def test_ingest_csv_header_only_and_empty(tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text("id,text\n\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("\n \n", encoding="utf-8")
    header_only, empty = read(tmp_path / "header.csv", tmp_path / "empty.csv")
    assert isinstance(header_only, InputError)
    assert "no rows after the header" in header_only.reason
    assert isinstance(empty, InputError)
    assert "empty file" in empty.reason


def test_ingest_csv_invalid_utf8_row_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"text\nGood.\nCaf\xe9 bombed.\nAlso good.\n")
    results = read(path)
    assert [type(r) for r in results] == [Document, InputError, Document]
    assert results[1].line == 3  # type: ignore[union-attr]
    assert "not valid UTF-8: byte 0xE9" in results[1].reason  # type: ignore[union-attr]


def test_ingest_csv_rows_over_limit_skipped_and_rest_read(tmp_path: Path) -> None:
    long = "word " * 100
    path = tmp_path / "big.csv"
    path.write_text(
        "text,id\n"  # 1
        "small,a\n"  # 2
        f'"{long}",b\n'  # 3: one line over the limit
        f'"{long[:150]}\n{long[:150]}\n{long[:150]}",c\n'  # 4-6: lines fit, the row does not
        f'"opens a quote {long}\nstill quoted, ""x"", here",d\n'  # 7-8: quote opened in a long line
        "small again,e\n",  # 9
        encoding="utf-8",
    )
    results = read(path, max_bytes=200)
    lines = [r.line if isinstance(r, InputError) else r.id for r in results]
    assert lines == ["a", 3, 4, 7, "e"]
    assert all("larger than the limit" in r.reason for r in results[1:4])  # type: ignore[union-attr]


def test_ingest_csv_long_field_over_default_csv_limit(tmp_path: Path) -> None:
    text = "The army shelled the village. " * 10_000  # 300 KB, over csv's default 128 KB
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{text}"\n', encoding="utf-8")
    (doc,) = documents(read(path))
    assert doc.text == text


def test_ingest_tsv(tmp_path: Path) -> None:
    path = tmp_path / "wire.tsv"
    path.write_text(
        "id\tcontent\tpubdate\nw1\tShells fell, witnesses said.\t2024-02-29\n", encoding="utf-8"
    )
    (doc,) = documents(read(path))
    assert (doc.id, doc.text, doc.date) == ("w1", "Shells fell, witnesses said.", "2024-02-29")


def test_ingest_gzip_csv(tmp_path: Path) -> None:
    body = "\ufefftext,outlet\nRockets were fired.,Agency\n"
    path = tmp_path / "batch.csv.gz"
    path.write_bytes(gzip.compress(body.encode("utf-8")))
    (doc,) = documents(read(path))
    assert (doc.id, doc.text, doc.outlet) == ("batch:1", "Rockets were fired.", "Agency")


def test_ingest_binary_csv_rejected_once(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 100 + b"\n" * 50)
    assert "binary file" in only_error(read(tmp_path / "x.csv")).reason


# --- RSS and Atom -----------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Frontier Monitor</title>
  <link>https://monitor.example.org/</link>
  <language>en-GB</language>
  <item>
    <title>Militia threatens base</title>
    <link>https://monitor.example.org/a/1</link>
    <guid isPermaLink="false">fm-0001</guid>
    <pubDate>Tue, 05 Mar 2024 23:30:00 -0500</pubDate>
    <description>&lt;p&gt;Short &lt;b&gt;teaser&lt;/b&gt;.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>The militia <em>threatened</em> the base.</p>
<script>track()</script><p>Officials denied it &amp; said so.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second report</title>
    <link>https://monitor.example.org/a/2</link>
    <pubDate>Wed, 6 Mar 24 08:00:00 GMT</pubDate>
    <description>&lt;div&gt;Drones struck a convoy.&lt;/div&gt;</description>
  </item>
  <item>
    <title>No link, no guid</title>
    <description>Plain description.</description>
  </item>
  <item>
    <title>Only a title</title>
  </item>
  <item>
    <title>Bad date</title>
    <pubDate>sometime last week</pubDate>
    <description>Text.</description>
  </item>
</channel>
</rss>
"""


def test_ingest_rss_items(tmp_path: Path) -> None:
    path = tmp_path / "monitor.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third, no_text, bad_date = read(path, default_date="2020-01-01")
    assert first == Document(
        id="fm-0001",
        text="The militia threatened the base.\n\nOfficials denied it & said so.",
        date="2024-03-05",  # its own local date, not converted to UTC
        url="https://monitor.example.org/a/1",
        outlet="Frontier Monitor",
        title="Militia threatens base",
        language="en",
    )
    assert isinstance(second, Document)
    assert (second.id, second.text, second.date) == (
        "https://monitor.example.org/a/2",
        "Drones struck a convoy.",
        "2024-03-06",
    )
    assert isinstance(third, Document)
    assert (third.id, third.url, third.date) == ("monitor:3", None, "2020-01-01")
    assert isinstance(no_text, InputError)
    assert (no_text.line, "has no text" in no_text.reason) == (26, True)
    assert isinstance(bad_date, InputError)
    assert bad_date.line == 29
    assert "bad date <pubDate> 'sometime last week'" in bad_date.reason


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Conflict Desk</title>
  <id>urn:uuid:feed-1</id>
  <updated>2024-03-07T10:00:00Z</updated>
  <entry>
    <title type="html">Strikes &amp;amp; counter-strikes</title>
    <id>tag:desk.example.org,2024:1</id>
    <link rel="self" href="https://desk.example.org/api/1"/>
    <link href="https://desk.example.org/1"/>
    <updated>2024-03-07T01:15:00+03:00</updated>
    <summary>Summary only.</summary>
    <content type="html">&lt;p&gt;Artillery fire resumed.&lt;/p&gt;
      &lt;p&gt;Two died.&lt;/p&gt;</content>
  </entry>
  <entry xml:lang="ar">
    <title>Xhtml entry</title>
    <id>tag:desk.example.org,2024:2</id>
    <published>2024-02-01T09:00:00Z</published>
    <updated>2024-03-01T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First.</p><p>Second
      <b>bold</b>.</p></div></content>
  </entry>
  <entry>
    <title>Summary fallback</title>
    <id>tag:desk.example.org,2024:3</id>
    <summary>Plain summary text.</summary>
  </entry>
</feed>
"""


def test_ingest_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, second, third = documents(read(path))
    assert first == Document(
        id="tag:desk.example.org,2024:1",
        text="Artillery fire resumed.\n\nTwo died.",
        date="2024-03-07",
        url="https://desk.example.org/1",
        outlet="Conflict Desk",
        title="Strikes & counter-strikes",
        language="en",
    )
    assert (second.text, second.date, second.language) == (
        "First.\n\nSecond bold.",
        "2024-02-01",
        "ar",
    )
    assert (third.text, third.url, third.date) == ("Plain summary text.", None, None)


def test_ingest_xml_and_gzip_feeds(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "b.rss.gz").write_bytes(gzip.compress(RSS.encode("utf-8")))
    results = read(tmp_path / "a.xml", tmp_path / "b.rss.gz")
    assert [type(r) for r in results] == [Document] * 3 + [Document] * 3 + [InputError] * 2
    assert results[3].outlet == "Frontier Monitor"  # type: ignore[union-attr]


def test_ingest_rss1_rdf_feed(tmp_path: Path) -> None:
    feed = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example.org/"><title>Old Wire</title></channel>
  <item rdf:about="https://old.example.org/9">
    <title>Ceasefire</title><link>https://old.example.org/9</link>
    <description>A ceasefire was agreed.</description><dc:date>2009-01-18</dc:date>
  </item>
</rdf:RDF>
"""
    (tmp_path / "old.rss").write_text(feed, encoding="utf-8")
    (doc,) = documents(read(tmp_path / "old.rss"))
    assert (doc.id, doc.outlet, doc.date) == ("https://old.example.org/9", "Old Wire", "2009-01-18")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<rss version="2.0"><channel><title>&h;</title>
<item><description>&h;</description></item></channel></rss>
"""


def test_ingest_feed_with_doctype_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.rss").write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.perf_counter()
    error = only_error(read(tmp_path / "evil.rss"))
    assert time.perf_counter() - start < 1.0
    assert "DOCTYPE" in error.reason
    assert "entity-expansion" in error.reason
    assert error.line == 2


def test_ingest_malformed_feed_reports_parser_line(tmp_path: Path) -> None:
    broken = RSS.replace("<title>Second report</title>", "<title>Second report</titel>")
    (tmp_path / "broken.rss").write_text(broken, encoding="utf-8")
    error = only_error(read(tmp_path / "broken.rss"))
    assert error.line == 17
    assert "malformed XML (mismatched tag at column 27)" in error.reason


def test_ingest_feed_leading_whitespace_keeps_line_numbers(tmp_path: Path) -> None:
    broken = "\n\n" + RSS.replace("<title>Second report</title>", "<title>x</titel>")
    (tmp_path / "ws.rss").write_text(broken, encoding="utf-8")
    assert only_error(read(tmp_path / "ws.rss")).line == 19


def test_ingest_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    (tmp_path / "config.xml").write_text(
        '<?xml version="1.0"?>\n<settings><item>x</item></settings>\n', encoding="utf-8"
    )
    error = only_error(read(tmp_path / "config.xml"))
    assert "not an RSS or Atom feed" in error.reason
    assert "<settings>" in error.reason


def test_ingest_feed_without_items(tmp_path: Path) -> None:
    (tmp_path / "quiet.rss").write_text(
        '<rss version="2.0"><channel><title>Quiet</title></channel></rss>', encoding="utf-8"
    )
    assert "no items" in only_error(read(tmp_path / "quiet.rss")).reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 05 Mar 2024 14:00:00 GMT", "2024-03-05"),
        ("5 Mar 2024 23:59 -0800", "2024-03-05"),
        ("Tue, 05 Mar 2024", "2024-03-05"),
        ("2024-03-05T23:00:00-05:00", "2024-03-05"),
        ("Thu, 30 Feb 2024 10:00:00 GMT", None),
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_ingest_feed_dates(value: str, expected: str | None) -> None:
    assert parse_feed_date(value) == expected


# --- re-reading -------------------------------------------------------------------------------


def test_ingest_ids_stable_across_reads(tmp_path: Path) -> None:
    (tmp_path / "n.csv").write_text('text\nOne.\n"Two,\nspread."\n\nThree.\n', encoding="utf-8")
    (tmp_path / "f.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "g.atom").write_text(ATOM, encoding="utf-8")
    first = [r.id for r in read(tmp_path) if isinstance(r, Document)]
    second = [r.id for r in read(tmp_path) if isinstance(r, Document)]
    assert first == second
    assert first == [
        "fm-0001",
        "https://monitor.example.org/a/2",
        "f:3",
        "tag:desk.example.org,2024:1",
        "tag:desk.example.org,2024:2",
        "tag:desk.example.org,2024:3",
        "n:1",
        "n:2",
        "n:3",
    ]
