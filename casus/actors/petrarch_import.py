"""PETRARCH dictionaries (read by :mod:`casus.actors.petrarch`) turned into casus data.

Actors become entries of our actors YAML schema, agents rows of ``sectors.tsv``, verbs rows of
``verbs.tsv``. What our formats cannot express is counted in the :class:`ImportReport`:
skipped entries, and parts of entries dropped (a date-restricted code, a paired code's reverse
event, a prefix agent code).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from casus.actors import petrarch as petr
from casus.actors.report import ImportReport, actor_entry
from casus.coding.ontology import load_ontology

__all__ = ["convert_actors", "convert_agents", "convert_verbs"]

# PETRARCH codes that start with one of these name no country: the prefix is the sector
_TRANSNATIONAL = ("IGO", "NGO", "NGM", "IMG", "MNC")
_KEEP_UPPER = 3  # one-word names this short stay in capitals ("IMF", "PLO"): caps-only matches
_SMALL_WORDS = {"THE", "OF", "AND", "FOR", "DE", "AL", "EL"}


def _display(name: str) -> str:
    """A readable name from PETRARCH capitals; short one-word acronyms stay in capitals."""
    words = name.split()
    if len(words) == 1 and len(name.replace(".", "")) <= _KEEP_UPPER or "." in name:
        return name
    return " ".join(
        w.lower() if w in _SMALL_WORDS and i else w.title() for i, w in enumerate(words)
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _code_fields(code: str) -> tuple[str | None, str | None, str]:
    """(country, sector, cameo) of a PETRARCH actor code such as ``USAGOV`` or ``IGOEEU``."""
    if code.startswith(_TRANSNATIONAL):
        return None, code[:3], code
    return code[:3], (code[3:6] or None), code


def convert_actors(items: list[petr.PetrActor], name: str, report: ImportReport) -> list[dict]:
    out: list[dict] = []
    ids: set[str] = set()
    for a in items:
        report.read += 1
        chosen = _undated_code(a, report)
        if chosen is None:
            continue
        if "/" in chosen:
            report.skip("several codes for one actor (A/B) - casus gives an actor one code", a.line)
            continue
        if chosen in ("+++", "###"):
            report.skip(f"special code [{chosen}]", a.line)
            continue
        eid = "petrarch_" + _slug(a.names[0])
        if eid in ids:
            report.skip("duplicate actor name (the first one is kept)", a.line)
            continue
        ids.add(eid)
        if chosen == "---":
            country, sector, cameo = None, None, None  # known, but no code: blocks a match
        else:
            country, sector, cameo = _code_fields(chosen.upper())
        names = [_display(n) for n in a.names]
        aliases = list(dict.fromkeys(n for n in names[1:] if n != names[0]))
        out.append(actor_entry(eid, names[0], "org", aliases, country, sector, cameo, []))
        report.written += 1
    return out


def _undated_code(a: petr.PetrActor, report: ImportReport) -> str | None:
    """The one code casus keeps: the undated one, else the latest; others are reported."""
    if not a.codes:
        report.skip("actor without a code", a.line)
        return None
    undated = [c for c in a.codes if c.start is None and c.end is None]
    if undated:
        chosen = undated[-1]
    else:
        chosen = max(a.codes, key=lambda c: (c.end or "99999999", c.start or ""))
    for c in a.codes:
        if c is not chosen:
            report.drop("date-restricted code not kept (one code per actor)", a.line)
    if chosen.start or chosen.end:
        report.drop("date restriction of the kept code ignored", a.line)
    return chosen.code


def _plural(term: str) -> str:
    head, _, last = term.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def convert_agents(items: list[petr.PetrAgent], report: ImportReport) -> list[tuple]:
    rows: dict[str, tuple[str, str, str]] = {}
    for ag in items:
        report.read += 1
        code = ag.code
        if code.startswith("~"):
            sector = code[1:]
        else:
            sector = code.rstrip("~")
            report.drop("code before the country (XXX~) written as a sector after it", ag.line)
        if not re.fullmatch(r"[A-Z0-9]+", sector):
            report.skip(f"bad agent code [{code}]", ag.line)
            continue
        terms = list(ag.terms)
        if ag.plurals is None:
            terms += [_plural(t) for t in ag.terms if not t.endswith("S")]
        else:
            terms += list(ag.plurals)
        for t in terms:
            key = t.lower()
            rows.setdefault(key, (key, sector, "agent"))
        report.written += 1
    return list(rows.values())


def _cameo_codes() -> set[str]:
    data = Path(str(resources.files("casus") / "data"))
    return set(load_ontology(data / "cameo.tsv").codes)


def convert_verbs(book: petr.PetrVerbs, source: str, report: ImportReport) -> list[tuple]:
    known = _cameo_codes()
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}

    def add(code: str, patterns: list[str], line: int) -> None:
        new = [p for p in patterns if (code, p) not in rows]
        if not new:
            report.skip("duplicate of an earlier pattern", line)
            return
        for pattern in new:
            rows[(code, pattern)] = (code, pattern, f"PETRARCH {source}:{line}")
        report.written += 1

    def code_of(raw: str, line: int) -> str | None:
        code, _, reverse = raw.partition(":")
        code = code.strip()
        if code == "---":
            report.skip("null code [---] (a pattern that blocks coding)", line)
            return None
        if code not in known:
            report.skip("code is not a CAMEO code in cameo.tsv", line)
            return None
        if reverse:
            report.drop("paired code X:Y - the reverse event is not coded", line)
        return code

    for block in book.blocks:
        heads: list[str] = []  # "verb|forms" of the block's single-word verbs
        for v in block.verbs:
            if v.verb_index > 0:
                report.read += 1
                report.skip("words before the verb in a multi-word verb", v.line)
                continue
            alts = "|".join(dict.fromkeys((v.words[0],) + tuple(f.split()[0] for f in v.forms)))
            pattern = " ".join((alts,) + v.words[1:])
            raw = v.code or block.code
            if len(v.words) == 1:
                heads.append(alts)
            if raw is None or (raw.strip() == "---" and v.code is None):
                continue  # a verb that only hosts patterns
            report.read += 1
            code = code_of(raw, v.line)
            if code is not None:
                add(code, [pattern], v.line)
        for p in block.patterns:
            report.read += 1
            if not heads:
                report.skip("pattern of a block without a single-word verb", p.line)
                continue
            words = _pattern_words(p, book.synsets, report)
            if words is None:
                continue
            code = code_of(p.code, p.line)
            if code is not None:
                add(code, [" ".join([head, *words]) for head in heads], p.line)
    return list(rows.values())


def _pattern_words(
    p: petr.PetrPattern, synsets: dict[str, tuple[str, ...]], report: ImportReport
) -> list[str] | None:
    if any(tok in ("$", "+", "%", "^") for tok in p.before + p.after):
        report.skip("source/target/skip markers ($ + % ^)", p.line)
        return None
    if p.before:
        report.skip("words before the verb (casus patterns follow the verb)", p.line)
        return None
    out: list[str] = []
    for tok in p.after:
        if tok.startswith("&"):
            members = _expand(tok.upper().rstrip("_"), synsets, set())
            if members is None:
                report.skip("undefined synset", p.line)
                return None
            if any(" " in m for m in members):
                report.skip("synset with multi-word members", p.line)
                return None
            out.append("|".join(members))
        else:
            out.append(tok.lower())
    return out


def _expand(name: str, synsets: dict[str, tuple[str, ...]], seen: set[str]) -> list[str] | None:
    if name not in synsets or name in seen:
        return None
    seen.add(name)
    out: list[str] = []
    for m in synsets[name]:
        if m.startswith("&"):
            inner = _expand(m.rstrip("_"), synsets, seen)
            if inner is None:
                return None
            out += inner
        else:
            out.append(" ".join(m.replace("_", " ").lower().split()))
    return list(dict.fromkeys(out))
