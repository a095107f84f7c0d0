"""The model's attribute rules (spaCy's ``attribute_ruler``) applied by table lookup.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over every token for some two hundred one- and
two-token rules (tag → part of speech and morphology, lemma exceptions) and costs about a tenth
of the pipeline's time. :class:`AttributeTable` applies the same rules with the same result: it
indexes each rule by a token attribute with exact values, checks only the rules a token's
values select, and sets the matched attributes in spaCy's order (the rule's place in the list,
later rules winning) with spaCy's own setter. A model whose rules use a feature this table does
not implement (operators, other attributes or predicates) keeps spaCy's ruler.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

log = logging.getLogger(__name__)

__all__ = ["AttributeTable", "install_attribute_table", "UnsupportedRule"]

# the token attributes a rule may test, with the column of ``Doc.to_array`` that holds each
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


class UnsupportedRule(ValueError):
    """A rule uses a Matcher feature the table does not implement."""


Test = Callable[[tuple], bool]


@dataclass(frozen=True, slots=True)
class _Alternative:
    rule: int  # the rule's place in the ruler's list: later rules win
    # per token of the pattern, its tests but the anchor's (which the index lookup has passed)
    tests: tuple[tuple[Test, ...], ...]
    index: int  # which token of the match gets the attributes
    anchored_only: bool  # one token and no test beyond the anchor: the lookup is the match


def _test(name: str, spec, strings) -> tuple[int, Test, set | None]:
    """(column, test on a row of values, the exact values that can pass or None)."""
    if name not in _COLUMNS:
        raise UnsupportedRule(f"attribute {name}")
    col = _COLUMNS[name]
    if name == "IS_SPACE":
        if not isinstance(spec, bool):
            raise UnsupportedRule(f"IS_SPACE {spec!r}")
        want = int(spec)
        return col, lambda row: row[col] == want, {want}
    if isinstance(spec, str):
        value = strings.add(spec)
        return col, lambda row: row[col] == value, {value}
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "IN" and isinstance(arg, list):
            values = {strings.add(a) for a in arg}
            return col, lambda row: row[col] in values, values
        if op == "NOT_IN" and isinstance(arg, list):
            values = {strings.add(a) for a in arg}
            return col, lambda row: row[col] not in values, None
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            seen: dict[int, bool] = {}  # by value: a word's lowercase form is tested once

            def search(row: tuple) -> bool:
                found = seen.get(row[col])
                if found is None:
                    if len(seen) > 100_000:
                        seen.clear()
                    found = seen[row[col]] = rx.search(strings[row[col]]) is not None
                return found

            return col, search, None
    raise UnsupportedRule(f"{name}: {spec!r}")


class AttributeTable:
    """Apply attribute-ruler rules (``AttributeRuler.patterns``) by indexed lookup."""

    def __init__(self, vocab, patterns: list[dict]) -> None:
        strings = vocab.strings
        self._attrs: list[dict] = []
        # per column, value -> the alternatives whose anchor token may take that value, with
        # the anchor's place in the pattern
        self._index: list[dict[int, list[tuple[int, _Alternative]]]] = [{} for _ in _COLUMNS]
        self._everywhere: list[_Alternative] = []  # rules with no exact value: tried anywhere
        for rule, p in enumerate(patterns):
            attrs = p["attrs"]
            if not isinstance(attrs, dict):
                raise UnsupportedRule(f"attrs {attrs!r}")
            self._attrs.append(normalize_token_attrs(vocab, attrs))  # as spaCy stores them
            for pattern in p["patterns"]:
                if not pattern or not all(isinstance(t, dict) and t for t in pattern):
                    raise UnsupportedRule(f"pattern {pattern!r}")
                index = p.get("index", 0)
                index = index + len(pattern) if index < 0 else index
                if not 0 <= index < len(pattern):
                    raise UnsupportedRule(f"index {p.get('index')}")
                compiled = [[_test(name, v, strings) for name, v in t.items()] for t in pattern]
                anchor: tuple[int, int, int, set] | None = None  # token, test, column, values
                for k, token_tests in enumerate(compiled):
                    for m, (col, _, exact) in enumerate(token_tests):
                        if exact is not None and (anchor is None or len(exact) < len(anchor[3])):
                            anchor = (k, m, col, exact)
                tests = tuple(
                    tuple(
                        test
                        for m, (_, test, _) in enumerate(token_tests)
                        if anchor is None or (k, m) != anchor[:2]
                    )
                    for k, token_tests in enumerate(compiled)
                )
                only = anchor is not None and len(tests) == 1 and not tests[0]
                alt = _Alternative(rule, tests, index, only)
                if anchor is None:
                    self._everywhere.append(alt)
                    continue
                k, _, col, exact = anchor
                for value in exact:
                    self._index[col].setdefault(value, []).append((k, alt))

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).tolist()]
        n = len(rows)
        columns = list(enumerate(self._index))
        everywhere = self._everywhere
        matched: dict[int, list[int]] = {}  # token -> the rules that set its attributes
        for i, row in enumerate(rows):
            for col, index in columns:
                alts = index.get(row[col])
                if alts is None:
                    continue
                for k, alt in alts:
                    if alt.anchored_only or _matches(alt, rows, i - k, n):
                        matched.setdefault(i - k + alt.index, []).append(alt.rule)
            for alt in everywhere:
                if _matches(alt, rows, i, n):
                    matched.setdefault(i + alt.index, []).append(alt.rule)
        # spaCy sets the matches in the order of their rules, so a later rule's value wins:
        # the same as setting, once per token, its rules' attributes merged in that order
        attrs = self._attrs
        for i, rules in matched.items():
            if len(rules) == 1:
                set_token_attrs(doc[i], attrs[rules[0]])
                continue
            merged: dict = {}
            for rule in sorted(rules):
                merged.update(attrs[rule])
            set_token_attrs(doc[i], merged)
        return doc


def _matches(alt: _Alternative, rows: list[tuple], start: int, n: int) -> bool:
    if start < 0 or start + len(alt.tests) > n:
        return False
    for j, tests in enumerate(alt.tests):
        row = rows[start + j]
        for test in tests:
            if not test(row):
                return False
    return True


def install_attribute_table(nlp) -> bool:
    """Replace the pipeline's ``attribute_ruler`` by an :class:`AttributeTable` with its
    rules; False (and spaCy's ruler kept) when there is none or a rule is unsupported."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        table = AttributeTable(nlp.vocab, list(ruler.patterns))
    except UnsupportedRule as exc:
        log.debug("keeping spaCy's attribute_ruler: %s", exc)
        return False
    _register()
    nlp.replace_pipe("attribute_ruler", "casus_attribute_table")
    nlp.rename_pipe("attribute_ruler", "casus_attribute_table")
    nlp.get_pipe("casus_attribute_table")._table = table  # type: ignore[attr-defined]
    return True


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory("casus_attribute_table"):
        return

    @Language.factory("casus_attribute_table")
    def make_table(nlp, name: str):  # noqa: ARG001
        return _TableComponent()


class _TableComponent:
    """The pipeline component: holds the table the installer gives it."""

    def __init__(self) -> None:
        self._table: AttributeTable | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self._table is None:
            raise RuntimeError("casus_attribute_table has no rules: use install_attribute_table")
        return self._table(doc)
