"""RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds: one document per item or entry.

Parsed with the standard library's ``xml.etree``. A document with a DOCTYPE is refused
outright: entity declarations live there, and refusing them is what keeps entity-expansion
attacks ("billion laughs") out without defusedxml. Expat never fetches external entities.
The parser is fed line by line, so each item's line is known for messages.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from casus.errors import InputError
from casus.ingest.dates import FEED_DATE_HELP, parse_feed_date
from casus.ingest.decoding import EMPTY_MESSAGE, SNIFF_BYTES, sniff_binary
from casus.ingest.htmltext import extract_html
from casus.models import Document

__all__ = ["read_feed"]

logger = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF_ROOT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class _Format:
    """Element names of one feed format. ``bodies`` are tried in order for the text."""

    name: str
    item: str
    title: str
    link: str
    ids: tuple[str, ...]
    dates: tuple[str, ...]
    bodies: tuple[str, ...]
    channel: str | None
    language: str


RSS2 = _Format(
    name="RSS 2.0",
    item="item",
    title="title",
    link="link",
    ids=("guid",),
    dates=("pubDate", DC + "date"),
    bodies=(CONTENT_ENCODED, "description"),
    channel="channel",
    language="language",
)
RSS1_FORMAT = _Format(
    name="RSS 1.0",
    item=RSS1 + "item",
    title=RSS1 + "title",
    link=RSS1 + "link",
    ids=(),
    dates=(DC + "date",),
    bodies=(CONTENT_ENCODED, RSS1 + "description"),
    channel=RSS1 + "channel",
    language=DC + "language",
)
ATOM_FORMAT = _Format(
    name="Atom",
    item=ATOM + "entry",
    title=ATOM + "title",
    link=ATOM + "link",
    ids=(ATOM + "id",),
    dates=(ATOM + "published", ATOM + "updated"),
    bodies=(ATOM + "content", ATOM + "summary"),
    channel=None,
    language=XML_LANG,
)
FORMATS = {"rss": RSS2, RDF_ROOT: RSS1_FORMAT, ATOM + "feed": ATOM_FORMAT}
NOT_A_FEED = "not an RSS or Atom feed"


class _DoctypeRefused(Exception):
    pass


class _Builder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on and refuses DOCTYPEs."""

    def __init__(self, first_line: int) -> None:
        super().__init__()
        self.line = first_line
        self.root_tag: str | None = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.root_tag is None:
            self.root_tag = tag
        self.lines[element] = self.line
        return element

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeRefused(name)


def _parse(data: bytes, path: str) -> tuple[ET.Element, _Builder] | InputError:
    """The root element and the builder (for lines), or why the file is not a readable feed."""
    stripped = data.lstrip()  # whitespace before <?xml is common in feeds, and harmless
    skipped = data[: len(data) - len(stripped)].count(b"\n")
    builder = _Builder(skipped)
    parser = ET.XMLParser(target=builder)
    try:
        for line in stripped.splitlines(keepends=True):
            builder.line += 1
            parser.feed(line)
            if builder.root_tag is not None and builder.root_tag not in FORMATS:
                break
        else:
            root = parser.close()
            return root, builder
    except _DoctypeRefused:
        return InputError(
            "refusing an XML document with a DOCTYPE (its entity declarations could be used "
            "for an entity-expansion attack); feeds do not need one, remove it",
            path=path,
            line=builder.line,
        )
    except ET.ParseError as exc:
        line, column = exc.position
        what = str(exc).rsplit(": line ", 1)[0]
        message = f"malformed XML ({what} at column {column + 1})"
        return InputError(message, path=path, line=line + skipped)
    return InputError(
        f"{NOT_A_FEED} (the root element is <{builder.root_tag}>, expected <rss>, <rdf:RDF> "
        "or an Atom <feed>)",
        path=path,
    )


def _plain(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _markup(element: ET.Element) -> str:
    """Inline XHTML rebuilt as HTML with plain tag names, for the HTML text extractor."""
    name = _local(element.tag)
    inner = escape(element.text or "") + "".join(_markup(child) for child in element)
    return f"<{name}>{inner}</{name}>" + escape(element.tail or "")


def _body_text(element: ET.Element, fmt: _Format) -> str:
    """The text of one body element, HTML stripped."""
    kind = (element.get("type") or "").lower()
    if fmt is ATOM_FORMAT and kind == "xhtml":
        markup = escape(element.text or "") + "".join(_markup(child) for child in element)
        return extract_html(markup).text
    if fmt is ATOM_FORMAT and kind in ("", "text", "text/plain"):
        return "\n".join(line.strip() for line in (element.text or "").strip().splitlines())
    return extract_html(element.text or "").text


def _text(item: ET.Element, fmt: _Format) -> str | None:
    for name in fmt.bodies:
        element = item.find(name)
        if element is not None:
            text = _body_text(element, fmt)
            if text.strip():
                return text
    return None


def _link(item: ET.Element, fmt: _Format) -> str | None:
    if fmt is not ATOM_FORMAT:
        link = _plain(item.find(fmt.link))
        if link is None and fmt is RSS2:
            guid = item.find("guid")
            candidate = _plain(guid)
            permalink = guid is not None and guid.get("isPermaLink", "true").lower() != "false"
            if candidate and permalink and candidate.startswith(("http://", "https://")):
                link = candidate
        return link
    links = item.findall(fmt.link)
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "").strip() or None
    return None


def _title(item: ET.Element, fmt: _Format) -> str | None:
    element = item.find(fmt.title)
    if element is not None and (element.get("type") or "").lower() == "html":
        return " ".join(extract_html(element.text or "").text.split()) or None
    return _plain(element)


def _language(*elements: ET.Element | None, fmt: _Format) -> str | None:
    """The primary language subtag (``en`` of ``en-US``) from the first element that has one."""
    for element in elements:
        if element is None:
            continue
        if fmt is ATOM_FORMAT:
            raw = element.get(fmt.language)
        else:
            raw = _plain(element.find(fmt.language))
        if raw and raw.strip():
            return raw.strip().split("-")[0].split("_")[0].lower()
    return None


def _item_document(
    item: ET.Element,
    *,
    fmt: _Format,
    number: int,
    key: str,
    outlet: str | None,
    channel_language: str | None,
    default_date: str | None,
) -> Document | str:
    """The item as a Document, or a message saying what is wrong with it."""
    text = _text(item, fmt)
    if text is None:
        names = ", ".join(_local(name) for name in fmt.bodies)
        return f"{fmt.name} item has no text (looked in {names})"
    day = default_date
    for name in fmt.dates:
        raw = _plain(item.find(name))
        if raw is not None:
            day = parse_feed_date(raw)
            if day is None:
                return f"bad date <{_local(name)}> {raw!r}; {FEED_DATE_HELP}"
            break
    url = _link(item, fmt)
    ids = (_plain(item.find(name)) for name in fmt.ids)
    return Document(
        id=next((value for value in ids if value), None) or url or f"{key}:{number}",
        text=text,
        date=day,
        url=url,
        outlet=outlet,
        title=_title(item, fmt),
        language=_language(item, fmt=fmt) or channel_language or "en",
    )


def read_feed(
    data: bytes, *, path: str, key: str, default_date: str | None
) -> Iterator[Document | InputError]:
    """Yield one Document or InputError per item (RSS) or entry (Atom) of a feed file.

    Ids are the item's guid (RSS) or id (Atom), else its link, else ``<key>:<n>`` with ``n``
    counting items from 1, so reading the same feed again gives the same ids.
    """
    if not data.strip():
        yield InputError(EMPTY_MESSAGE, path=path)
        return
    reason = sniff_binary(data[:SNIFF_BYTES])
    if reason is not None:
        yield InputError(reason, path=path)
        return
    parsed = _parse(data, path)
    if isinstance(parsed, InputError):
        yield parsed
        return
    root, builder = parsed
    fmt = FORMATS[root.tag]
    channel = root.find(fmt.channel) if fmt.channel else root
    items = (channel if fmt is RSS2 and channel is not None else root).findall(fmt.item)
    if not items:
        yield InputError(f"{fmt.name} feed has no items, nothing to code", path=path)
        return
    outlet = _plain(channel.find(fmt.title)) if channel is not None else None
    channel_language = _language(channel, root, fmt=fmt)
    for number, item in enumerate(items, start=1):
        try:
            result = _item_document(
                item,
                fmt=fmt,
                number=number,
                key=key,
                outlet=outlet,
                channel_language=channel_language,
                default_date=default_date,
            )
        except (ValueError, RecursionError) as exc:
            result = f"cannot read this item ({exc})"
        if isinstance(result, str):
            yield InputError(result, path=path, line=builder.lines.get(item))
        else:
            yield result
    logger.debug("read %d %s items from %s", len(items), fmt.name, path)
