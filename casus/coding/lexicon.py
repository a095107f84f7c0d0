"""The trigger lexicon and cue words, loaded from ``casus/data``.

``verbs.tsv`` rows are ``code  pattern  note``: the first word of the pattern is the trigger
verb's lemma; the following words (alternatives joined by ``|``) must be found, in order, among
its particles, prepositions, direct object and prepositional objects; a ``*`` word stands for
any direct object (or passive subject), so "take over *" needs one. ``nouns.tsv`` rows name
nominal triggers: modifiers then the head noun lemma. ``cues.yaml`` holds reporting verbs,
hedges, negation, future and conditional markers, and boilerplate patterns.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casus.errors import DataError

__all__ = ["VerbPattern", "NounPattern", "Cues", "Lexicon", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class VerbPattern:
    code: str
    lemma: str
    slots: tuple[frozenset[str], ...]
    text: str


@dataclass(frozen=True, slots=True)
class NounPattern:
    code: str
    head: str
    modifiers: tuple[frozenset[str], ...]
    text: str


@dataclass(frozen=True, slots=True)
class Cues:
    reporting_verbs: dict[str, str]
    intention_verbs: frozenset[str]
    intention_adjectives: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_verbs: frozenset[str]
    future_aux: frozenset[str]
    conditional_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    negation: frozenset[str]
    conditional_marks: frozenset[str]
    hedges: dict[str, str]
    channel_nouns: frozenset[str]
    hypothetical_determiners: frozenset[str]
    background_preps: frozenset[str]
    comment_heads: tuple[str, ...]
    background_heads: tuple[str, ...]
    boilerplate: tuple[re.Pattern[str], ...]
    boilerplate_any: re.Pattern[str] | None = None
    # the same, case-sensitive, for lowercased text (3x faster); None when a pattern has an
    # upper-case letter, whose meaning lowercasing could change ("\\B", "[A-Z]")
    boilerplate_lower: re.Pattern[str] | None = None
    light_verbs: frozenset[str] = frozenset()
    blame_nouns: frozenset[str] = frozenset()
    threat_marks: frozenset[str] = frozenset()
    directive_verbs: frozenset[str] = frozenset()
    statement_nouns: frozenset[str] = frozenset()
    blame_adjectives: frozenset[str] = frozenset()
    proposal_nouns: frozenset[str] = frozenset()
    directive_nouns: frozenset[str] = frozenset()
    pending_marks: frozenset[str] = frozenset()
    accident_nouns: frozenset[str] = frozenset()
    contest_verbs: frozenset[str] = frozenset()
    sport_words: frozenset[str] = frozenset()
    effort_verbs: frozenset[str] = frozenset()
    effort_nouns: frozenset[str] = frozenset()


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[VerbPattern]] = field(default_factory=dict)
    nouns: dict[str, list[NounPattern]] = field(default_factory=dict)
    cues: Cues | None = None
    version: str = "1"

    def verb_patterns(self, lemma: str) -> list[VerbPattern]:
        return self.verbs.get(lemma, [])

    def noun_patterns(self, lemma: str) -> list[NounPattern]:
        return self.nouns.get(lemma, [])


LIGHT_VERBS = frozenset(
    {
        "launch",
        "carry",
        "conduct",
        "stage",
        "mount",
        "hold",
        "make",
        "issue",
        "impose",
        "begin",
        "start",
        "continue",
        "wage",
        "deliver",
        "unleash",
        "step",
        "intensify",
        "escalate",
        "resume",
        "perpetrate",
        "commit",
        "execute",
        "undertake",
        "pay",
        "give",
        "provide",
        "send",
        "offer",
        "extend",
        "announce",
        "order",
        "authorize",
        "approve",
        "declare",
        "call",
        "lodge",
        "file",
        "express",
        "voice",
        "level",
        "sign",
        "conclude",
        "reach",
        "strike",
        "broker",
        "renew",
        "reiterate",
        "repeat",
        "expand",
        "tighten",
        "slap",
        "lift",
        "ease",
        "join",
        "restate",
    }
)


def _slots(words: list[str], path: Path, line: int) -> tuple[frozenset[str], ...]:
    out = []
    for w in words:
        alts = frozenset(a.strip().lower() for a in w.split("|") if a.strip())
        if not alts:
            raise DataError(f"{path}:{line}: empty alternative in pattern")
        out.append(alts)
    return tuple(out)


def _rows(path: Path) -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=1):
            if n == 1 and row and row[0].strip().lower() == "code":
                continue
            if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 2:
                raise DataError(f"{path}:{n}: expected 'code<TAB>pattern', got {row!r}")
            code, pattern = row[0].strip(), row[1].strip().lower()
            if not code.isdigit() or not 2 <= len(code) <= 4:
                raise DataError(f"{path}:{n}: bad CAMEO code {code!r}")
            if not pattern:
                raise DataError(f"{path}:{n}: empty pattern")
            rows.append((n, code, pattern))
    return rows


def load_lexicon(
    data_dir: Path,
    known_codes: set[str] | None = None,
    extra_dirs: Iterable[Path] = (),
    *,
    shipped_triggers: bool = True,
) -> Lexicon:
    """Load ``verbs.tsv``, ``nouns.tsv`` and ``cues.yaml`` from ``data_dir``, then the
    ``verbs*.tsv`` and ``nouns*.tsv`` of each of ``extra_dirs`` (a user's imported lexicon).
    ``shipped_triggers=False`` skips ``data_dir``'s verbs and nouns (cue words still load)."""
    lex = Lexicon()
    vpaths, npaths = [data_dir / "verbs.tsv"], [data_dir / "nouns.tsv"]
    if not shipped_triggers:
        vpaths, npaths = [], []
    for extra in extra_dirs:
        if Path(extra).is_dir():
            vpaths += sorted(Path(extra).glob("verbs*.tsv"))
            npaths += sorted(Path(extra).glob("nouns*.tsv"))
    for vpath in vpaths:
        for n, code, pattern in _rows(vpath):
            if known_codes is not None and code not in known_codes:
                raise DataError(f"{vpath}:{n}: CAMEO code {code} is not in cameo.tsv")
            words = pattern.split()
            for lemma in words[0].split("|"):
                vp = VerbPattern(code, lemma, _slots(words[1:], vpath, n), pattern)
                lex.verbs.setdefault(lemma, []).append(vp)
    for npath in npaths:
        for n, code, pattern in _rows(npath):
            if known_codes is not None and code not in known_codes:
                raise DataError(f"{npath}:{n}: CAMEO code {code} is not in cameo.tsv")
            words = pattern.split()
            for head in words[-1].split("|"):
                np_ = NounPattern(code, head, _slots(words[:-1], npath, n), pattern)
                lex.nouns.setdefault(head, []).append(np_)
    for table in (lex.verbs, lex.nouns):
        for key, pats in table.items():
            # longest pattern first; among equals, the first written wins
            table[key] = sorted(
                pats, key=lambda p: -len(getattr(p, "slots", ()) or getattr(p, "modifiers", ()))
            )
    lex.cues = load_cues(data_dir / "cues.yaml")
    return lex


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression: ``a|(b|c)`` is ``a``, ``(b|c)``."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)  # a "]" first in a set is a literal
            i += pattern.startswith("]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One case-blind regex that matches a text where any of ``patterns`` does (only whether
    it matches is used). Python's re tries every alternative at every position; alternatives
    opening with a word boundary share one, which rules out most positions at once (boilerplate
    search 3-4x faster). Falls back to joining the patterns as they are when any alternative
    does not stand alone (a split gone wrong) or a pattern refers to its own groups."""
    plain = "|".join(f"(?:{p.pattern})" for p in patterns)
    bounded: list[str] = []
    other: list[str] = []
    for p in patterns:
        if re.search(r"\\\d|\(\?P=", p.pattern):
            return re.compile(plain, re.IGNORECASE)
        for alt in _alternatives(p.pattern):
            try:
                re.compile(alt)
            except re.error:
                return re.compile(plain, re.IGNORECASE)
            if alt.startswith("\\b"):
                bounded.append(f"(?:{alt[2:]})")
            else:
                other.append(f"(?:{alt})")
    if bounded:
        other.insert(0, "\\b(?:" + "|".join(bounded) + ")")
    return re.compile("|".join(other), re.IGNORECASE)


def _lowercase_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, to search lowercased text: the same matches when the
    pattern has no upper-case letter (and the text none of the letters in sections._FOLDING)."""
    if re.search("[A-Z]", pattern.pattern):
        return None
    return re.compile(pattern.pattern)


def load_cues(path: Path) -> Cues:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or [])

    try:
        patterns = tuple(
            re.compile(p, re.IGNORECASE) for p in raw.get("boilerplate_patterns") or []
        )
    except re.error as exc:
        raise DataError(f"{path}: bad boilerplate pattern: {exc}") from exc
    any_pattern = _any_of(patterns) if patterns else None
    return Cues(
        reporting_verbs={str(k): str(v) for k, v in (raw.get("reporting_verbs") or {}).items()},
        intention_verbs=words("intention_verbs"),
        intention_adjectives=words("intention_adjectives"),
        negating_verbs=words("negating_verbs"),
        hypothetical_verbs=words("hypothetical_verbs"),
        future_aux=words("future_aux"),
        conditional_aux=words("conditional_aux"),
        hypothetical_aux=words("hypothetical_aux"),
        negation=words("negation"),
        conditional_marks=words("conditional_marks"),
        hedges={str(k).lower(): str(v) for k, v in (raw.get("hedges") or {}).items()},
        channel_nouns=words("channel_nouns"),
        hypothetical_determiners=words("hypothetical_determiners"),
        background_preps=words("background_preps"),
        comment_heads=tuple(str(h).lower() for h in raw.get("comment_heads") or []),
        background_heads=tuple(str(h).lower() for h in raw.get("background_heads") or []),
        boilerplate=patterns,
        boilerplate_any=any_pattern,
        boilerplate_lower=_lowercase_twin(any_pattern) if any_pattern is not None else None,
        light_verbs=LIGHT_VERBS,
        blame_nouns=words("blame_nouns"),
        threat_marks=words("threat_marks"),
        directive_verbs=words("directive_verbs"),
        statement_nouns=words("statement_nouns"),
        blame_adjectives=words("blame_adjectives"),
        proposal_nouns=words("proposal_nouns"),
        directive_nouns=words("directive_nouns"),
        pending_marks=words("pending_marks"),
        accident_nouns=words("accident_nouns"),
        contest_verbs=words("contest_verbs"),
        sport_words=words("sport_words"),
        effort_verbs=words("effort_verbs"),
        effort_nouns=words("effort_nouns"),
    )
