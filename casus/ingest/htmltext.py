"""Main text and metadata of an HTML page, with the standard library ``html.parser`` only."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlPage", "extract_html"]

logger = logging.getLogger(__name__)

# fmt: off
# Elements whose whole content is page furniture, not the report.
SKIP_TAGS = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "iframe",
    "template",
})
# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "br", "article", "section",
    "blockquote", "td", "th", "tr", "table", "ul", "ol", "dl", "dt", "dd", "main", "pre",
    "figure", "figcaption", "hr", "address", "body",
})
# fmt: on
# If present, only the content of these elements is kept.
MAIN_TAGS = frozenset({"article", "main"})


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What was found in a page. ``dates`` are raw candidates, best first, not yet validated."""

    text: str
    title: str | None
    dates: tuple[str, ...]
    url: str | None
    outlet: str | None


def _collapse(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skipping: list[str] = []
        self._main_depth = 0
        self._buffer: list[str] = []
        self._title: list[str] = []
        self._in_title = False
        self._title_done = False
        self.paragraphs: list[tuple[str, bool]] = []
        self.saw_main = False
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.times_in_main: list[str] = []
        self.times: list[str] = []

    @property
    def title(self) -> str | None:
        return _collapse(self._title) or None

    def flush(self) -> None:
        text = _collapse(self._buffer)
        self._buffer.clear()
        if text:
            self.paragraphs.append((text, self._main_depth > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        if tag in SKIP_TAGS:
            self.flush()
            if not closed:
                self._skipping.append(tag)
            return
        if self._skipping:
            return
        if tag == "time" and values.get("datetime"):
            target = self.times_in_main if self._main_depth else self.times
            target.append(values["datetime"])
        elif tag == "title" and not self._title_done and not closed:
            self._in_title = True
        if tag in BLOCK_TAGS:
            self.flush()
            if tag in MAIN_TAGS and not closed:
                self._main_depth += 1
                self.saw_main = True

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or "").lower()
        content = values.get("content")
        if key and content and key not in self.meta:
            self.meta[key] = content

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            if tag in self._skipping:
                while self._skipping.pop() != tag:
                    pass
            return
        if tag in ("body", "html"):
            self._skipping.clear()
        if self._skipping:
            return
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_done = True
        if tag in BLOCK_TAGS:
            self.flush()
            if tag in MAIN_TAGS and self._main_depth:
                self._main_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self._title.append(data)
        else:
            self._buffer.append(data)


def extract_html(markup: str) -> HtmlPage:
    """Extract the main text (paragraphs separated by blank lines), title, date, url and outlet.

    Raises ValueError if the parser gives up on the markup.
    """
    parser = _Extractor()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError as exc:  # html.parser signals some malformed declarations this way
        raise ValueError(str(exc)) from exc
    parser.flush()
    main = [text for text, in_main in parser.paragraphs if in_main]
    if parser.saw_main and not main:
        logger.debug("<article>/<main> present but empty; using the whole page")
    paragraphs = main or [text for text, _ in parser.paragraphs]
    dates = [parser.meta.get("article:published_time", ""), *parser.times_in_main, *parser.times]
    return HtmlPage(
        text="\n\n".join(paragraphs),
        title=parser.title,
        dates=tuple(d for d in dates if d),
        url=parser.canonical or parser.meta.get("og:url") or None,
        outlet=parser.meta.get("og:site_name") or None,
    )
