"""Readers of PETRARCH-format dictionaries: actors, agents, verbs and discards.

The four kinds share a line syntax: ``#`` starts a comment (outside ``[...]``), ``<!-- -->``
blocks are comments, names join words with ``_`` or spaces, and codes sit in brackets.

- actors: ``NAME [CODE]``; ``+SYNONYM`` lines add names to the entry above; code lines, often
  indented, may carry a date restriction: ``[CODE <YYMMDD]``, ``[CODE >YYYYMMDD]`` or
  ``[CODE YYYYMMDD-YYYYMMDD]``. ``[---]`` is a known actor with no code.
- agents: ``TERM {PLURALS} [~SECTOR]``; ``{}`` means no plural, no braces a regular plural;
  ``[XXX~]`` puts the code before the country instead of after it. ``!SET! = A, B`` defines
  a substitution used as ``CONGRESS!SET!`` in later terms.
- verbs: ``&SYNSET`` then ``+MEMBER`` lines; ``--- LABEL [CODE] ---`` opens a block whose
  verb lines (``VERB {FORMS}``, ``+VERB_PARTICLE``, ``WORD_+VERB``) share the patterns
  ``- WORDS * WORDS [CODE]`` that follow, ``*`` standing for the verb.
- discards: one phrase a line, ``+`` for a story-level discard.

This module only reads: it returns typed records and raises :class:`InputError` with the
file and line of anything it cannot read. Turning records into casus data is the importer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from casus.errors import InputError

__all__ = [
    "DatedCode",
    "PetrActor",
    "PetrAgent",
    "PetrVerb",
    "PetrPattern",
    "PetrBlock",
    "PetrVerbs",
    "PetrDiscard",
    "detect_kind",
    "read_lines",
    "parse_actors",
    "parse_agents",
    "parse_verbs",
    "parse_discards",
]

_BLOCK_COMMENT = re.compile(r"<!\s*--.*?-->", re.DOTALL)
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_CODE = re.compile(r"^[A-Za-z0-9~?+#\-/]+$")
_DATE = r"(\d{6}|\d{8})"
_BEFORE = re.compile(rf"^<\s*{_DATE}$")
_AFTER = re.compile(rf"^>\s*{_DATE}$")
_RANGE = re.compile(rf"^{_DATE}\s*-\s*{_DATE}$")
_HEADER = re.compile(r"^---\s*(.*?)\s*(?:---)?$")  # a closing --- may follow a comment
_SUBST = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code, valid from ``start`` to ``end`` (``YYYYMMDD``, inclusive) when given."""

    code: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class PetrActor:
    line: int
    names: tuple[str, ...]  # the first is the entry's own name, then its +synonyms
    codes: tuple[DatedCode, ...]


@dataclass(frozen=True, slots=True)
class PetrAgent:
    line: int
    terms: tuple[str, ...]  # after substitution of !SET! markers
    plurals: tuple[str, ...] | None  # None: regular plurals; (): none
    code: str  # as written, with its ~


@dataclass(frozen=True, slots=True)
class PetrVerb:
    line: int
    words: tuple[str, ...]  # the verb and its fixed words, as written
    verb_index: int  # which of ``words`` is the verb
    forms: tuple[str, ...]  # inflected forms given in braces
    code: str | None  # its own code, or None for the block's


@dataclass(frozen=True, slots=True)
class PetrPattern:
    line: int
    before: tuple[str, ...]  # tokens before the verb, '_'-joined words split
    after: tuple[str, ...]
    code: str


@dataclass(frozen=True, slots=True)
class PetrBlock:
    line: int
    label: str
    code: str | None
    verbs: tuple[PetrVerb, ...]
    patterns: tuple[PetrPattern, ...]


@dataclass(frozen=True, slots=True)
class PetrVerbs:
    synsets: dict[str, tuple[str, ...]]  # "&NAME" -> members as written
    blocks: tuple[PetrBlock, ...]


@dataclass(frozen=True, slots=True)
class PetrDiscard:
    line: int
    phrase: str
    story: bool


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank lines with comments removed, each with its 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    text = _BLOCK_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).rstrip()
        if line.strip():
            out.append((n, line))
    return out


def _strip_comment(line: str) -> str:
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return line[:i]
    return line


def detect_kind(lines: list[tuple[int, str]]) -> str:
    """``verbs``, ``agents``, ``actors`` or ``discards``, from what the lines look like."""
    body = [s.strip() for _, s in lines]
    if any(_HEADER.match(s) for s in body):
        return "verbs"
    if any(_SUBST.match(s) for s in body) or any(
        "~" in m for s in body for m in _BRACKET.findall(s)
    ):
        return "agents"
    if any("[" in s for s in body):
        return "actors"
    return "discards"


def _name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


# ---------------------------------------------------------------------------------- actors
def _dated(body: str, path: Path, line: int) -> DatedCode:
    parts = body.split(None, 1)
    if not parts:
        raise InputError("empty code block []", path=str(path), line=line)
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if code.startswith(("<", ">")) or code[:1].isdigit() and not rest:
        raise InputError(
            f"code block [{body}] has no code before its date", path=str(path), line=line
        )
    if not _CODE.match(code):
        raise InputError(f"bad actor code {code!r}", path=str(path), line=line)
    if not rest:
        return DatedCode(code.upper())
    if m := _BEFORE.match(rest):
        return DatedCode(code.upper(), None, _day_before(_full_date(m.group(1))))
    if m := _AFTER.match(rest):
        return DatedCode(code.upper(), _full_date(m.group(1)), None)
    if m := _RANGE.match(rest):
        return DatedCode(code.upper(), _full_date(m.group(1)), _full_date(m.group(2)))
    raise InputError(
        f"bad date restriction {rest!r} in [{body}]; expected <DATE, >DATE or DATE-DATE",
        path=str(path),
        line=line,
    )


def _full_date(d: str) -> str:
    if len(d) == 6:  # TABARI-era YYMMDD
        d = ("19" if int(d[:2]) >= 30 else "20") + d
    return d


def _day_before(d: str) -> str:
    try:
        day = date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        return d
    return (day - timedelta(days=1)).strftime("%Y%m%d")


def parse_actors(path: Path, lines: list[tuple[int, str]] | None = None) -> list[PetrActor]:
    lines = read_lines(path) if lines is None else lines
    out: list[PetrActor] = []
    cur: tuple[int, list[str], list[DatedCode]] | None = None

    def close() -> None:
        if cur is not None:
            out.append(PetrActor(cur[0], tuple(cur[1]), tuple(cur[2])))

    for n, raw in lines:
        text = raw.strip()
        _check_brackets(text, path, n)
        codes = [_dated(b, path, n) for b in _BRACKET.findall(text)]
        head = _BRACKET.sub(" ", text).strip()
        if text.startswith("["):
            if cur is None:
                raise InputError("code line before any actor name", path=str(path), line=n)
            cur[2].extend(codes)
        elif text.startswith("+"):
            if cur is None:
                raise InputError("synonym line before any actor name", path=str(path), line=n)
            if _name(head[1:]):
                cur[1].append(_name(head[1:]))
            cur[2].extend(codes)
        else:
            close()
            cur = (n, [_name(head)], codes)
    close()
    return out


def _check_brackets(text: str, path: Path, line: int) -> None:
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        raise InputError(f"unbalanced brackets in {text!r}", path=str(path), line=line)


# ---------------------------------------------------------------------------------- agents
def parse_agents(path: Path, lines: list[tuple[int, str]] | None = None) -> list[PetrAgent]:
    lines = read_lines(path) if lines is None else lines
    subst: dict[str, tuple[str, ...]] = {}
    out: list[PetrAgent] = []
    for n, raw in lines:
        text = raw.strip()
        if m := _SUBST.match(text):
            subst[m.group(1).upper()] = tuple(
                w.strip().upper() for w in m.group(2).split(",") if w.strip()
            )
            continue
        _check_brackets(text, path, n)
        codes = _BRACKET.findall(text)
        if len(codes) != 1 or "~" not in codes[0]:
            raise InputError(
                f"agent line needs one [~CODE] or [CODE~] block, got {text!r}",
                path=str(path),
                line=n,
            )
        code = codes[0].replace(" ", "").upper()
        rest = _BRACKET.sub(" ", text)
        plurals: tuple[str, ...] | None = None
        if "{" in rest:
            term, _, tail = rest.partition("{")
            inside = tail.partition("}")[0]
            plurals = tuple(_name(p) for p in inside.split() if p.strip())
        else:
            term = rest
        term = term.strip().upper()
        if not term:
            raise InputError("agent line without a term", path=str(path), line=n)
        out.append(PetrAgent(n, _substitute(term, subst, path, n), plurals, code))
    return out


def _substitute(
    term: str, subst: dict[str, tuple[str, ...]], path: Path, line: int
) -> tuple[str, ...]:
    m = re.search(r"![A-Za-z0-9_]+!", term)
    if not m:
        return (_name(term),)
    key = m.group(0).upper()
    if key not in subst:
        raise InputError(f"substitution set {key} is not defined above", path=str(path), line=line)
    out: list[str] = []
    for word in subst[key]:
        out += _substitute(term[: m.start()] + word + term[m.end() :], subst, path, line)
    return tuple(out)


# ----------------------------------------------------------------------------------- verbs
def parse_verbs(path: Path, lines: list[tuple[int, str]] | None = None) -> PetrVerbs:
    lines = read_lines(path) if lines is None else lines
    synsets: dict[str, list[str]] = {}
    blocks: list[PetrBlock] = []
    synset: str | None = None
    block: tuple[int, str, str | None, list[PetrVerb], list[PetrPattern]] | None = None

    def close() -> None:
        if block is not None:
            blocks.append(PetrBlock(block[0], block[1], block[2], tuple(block[3]), tuple(block[4])))

    for n, raw in lines:
        text = raw.strip()
        _check_brackets(text, path, n)
        if m := _HEADER.match(text):
            close()
            synset = None
            codes = _BRACKET.findall(m.group(1))
            label = _BRACKET.sub(" ", m.group(1)).strip()
            block = (n, label, codes[0].strip() if codes else None, [], [])
        elif text.startswith("&"):
            close()
            block = None
            synset = text.split()[0].upper().rstrip("_")
            synsets[synset] = []
        elif synset is not None and text.startswith("+"):
            synsets[synset].append(text[1:].strip().upper())
        elif block is None:
            raise InputError(
                f"line outside any verb block or synset: {text!r}", path=str(path), line=n
            )
        elif text.startswith("-"):
            block[4].append(_pattern(text[1:].strip(), path, n))
        else:
            block[3].append(_verb(text, path, n))
    close()
    return PetrVerbs({k: tuple(v) for k, v in synsets.items()}, tuple(blocks))


def _verb(text: str, path: Path, line: int) -> PetrVerb:
    codes = _BRACKET.findall(text)
    rest = _BRACKET.sub(" ", text)
    forms: tuple[str, ...] = ()
    if "{" in rest:
        rest, _, tail = rest.partition("{")
        forms = tuple(f.lstrip("+").replace("_", " ").lower() for f in tail.split("}")[0].split())
    rest = rest.strip()
    if rest.startswith("+"):
        rest = rest[1:]
    words = [w for w in re.split(r"[_\s]+", rest) if w]
    if not words:
        raise InputError(f"verb line without a verb: {text!r}", path=str(path), line=line)
    index = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    return PetrVerb(line, tuple(words), index, forms, codes[0].strip() if codes else None)


def _pattern(text: str, path: Path, line: int) -> PetrPattern:
    codes = _BRACKET.findall(text)
    if len(codes) != 1:
        raise InputError(f"pattern needs one [CODE], got {text!r}", path=str(path), line=line)
    body = _BRACKET.sub(" ", text)
    tokens = [t for t in re.split(r"[_\s]+", body) if t]
    if tokens.count("*") != 1:
        raise InputError(f"pattern needs one * for the verb: {text!r}", path=str(path), line=line)
    star = tokens.index("*")
    return PetrPattern(line, tuple(tokens[:star]), tuple(tokens[star + 1 :]), codes[0].strip())


# -------------------------------------------------------------------------------- discards
def parse_discards(path: Path, lines: list[tuple[int, str]] | None = None) -> list[PetrDiscard]:
    lines = read_lines(path) if lines is None else lines
    out = []
    for n, raw in lines:
        text = raw.strip()
        story = text.startswith("+")
        phrase = _name(text[1:] if story else text)
        if phrase:
            out.append(PetrDiscard(n, phrase, story))
    return out
