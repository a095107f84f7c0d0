"""Importing actor dictionaries into a knowledge-base directory.

``import_file(path, fmt, dest_dir)`` reads one file and writes casus data files into
``dest_dir`` (by default the user's KB directory, which ``load_kb`` and ``load_lexicon``
read after the shipped data):

- ``yaml``: our own actors schema (as ``casus/data/actors.yaml``), validated entry by entry.
- ``csv``: one actor a row. Columns: ``id`` and ``name`` (required), ``aliases``
  (``;``-separated), ``country`` (ISO alpha-3 or an IGO code such as ``UNO``), ``sector``
  (``GOV``, ``MIL``, ``REB`` ...), ``cameo`` (the CAMEO actor code, e.g. ``IRQPRM``), ``type``
  (``org`` or ``person``, default ``org``), and one optional column per relation
  (``backed_by``, ``part_of``, ``member_of``, ``led_by``, ``allied_with``, ``spokesman_of``,
  ``head_of``, ``leader_of``) holding ``;``-separated ids of the related actors.
- ``petrarch``: a PETRARCH actors, agents, verbs or discards dictionary; which one is
  detected from its content (see :mod:`casus.actors.petrarch`).

The output is ``actors-<name>.yaml``, ``sectors-<name>.tsv`` or ``verbs-<name>.tsv``, where
``<name>`` comes from the input file's name, written atomically: importing the same file again
replaces its output. Malformed input raises :class:`InputError` or :class:`DataError` naming
the file and line; entries casus cannot represent are skipped and counted in the report.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from casus.actors import petrarch as petr
from casus.coding.ontology import load_ontology
from casus.errors import InputError

__all__ = ["FORMATS", "RELATIONS", "ImportReport", "import_file"]

FORMATS = ("yaml", "csv", "petrarch")
RELATIONS = (
    "backed_by",
    "part_of",
    "member_of",
    "led_by",
    "allied_with",
    "spokesman_of",
    "head_of",
    "leader_of",
    "holds_role",
)
_FIELDS = ("id", "name", "type", "aliases", "country", "sector", "cameo", "links")
# PETRARCH codes that start with one of these name no country: the prefix is the sector
_TRANSNATIONAL = ("IGO", "NGO", "NGM", "IMG", "MNC")
_KEEP_UPPER = 3  # one-word names this short stay in capitals ("IMF", "PLO"): caps-only matches
_SMALL_WORDS = {"THE", "OF", "AND", "FOR", "DE", "AL", "EL"}


@dataclass(slots=True)
class ImportReport:
    """What an import read, wrote and could not convert (reason -> line numbers)."""

    path: Path
    fmt: str
    kind: str = ""  # actors | agents | verbs | discards
    read: int = 0
    written: int = 0
    output: Path | None = None
    unchanged: bool = False
    skipped: dict[str, list[int]] = field(default_factory=dict)
    dropped: dict[str, list[int]] = field(default_factory=dict)  # parts of written entries

    def skip(self, reason: str, line: int) -> None:
        self.skipped.setdefault(reason, []).append(line)

    def drop(self, reason: str, line: int) -> None:
        self.dropped.setdefault(reason, []).append(line)

    @property
    def n_skipped(self) -> int:
        return sum(len(v) for v in self.skipped.values())

    @property
    def n_dropped(self) -> int:
        return sum(len(v) for v in self.dropped.values())

    @property
    def complete(self) -> bool:
        """True when every entry was written whole."""
        return not self.skipped and not self.dropped

    def summary(self) -> list[str]:
        kind = f" ({self.kind})" if self.kind else ""
        out = [
            f"{self.path}: {self.fmt}{kind}: {self.read} read, {self.written} written, "
            f"{self.n_skipped} skipped, {self.n_dropped} partly converted"
        ]
        if self.output is not None:
            state = "unchanged" if self.unchanged else "written"
            out.append(f"  -> {self.output} ({state})")
        for title, table in (("skipped", self.skipped), ("partly converted", self.dropped)):
            for reason, lines in sorted(table.items(), key=lambda kv: -len(kv[1])):
                where = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
                out.append(f"  {title}: {len(lines)} {reason} (lines {where})")
        return out


def import_file(path: Path | str, fmt: str, dest_dir: Path | str) -> ImportReport:
    """Import one dictionary file into ``dest_dir``; see the module docstring."""
    path, dest = Path(path), Path(dest_dir)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", path=str(path))
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    report = ImportReport(path, fmt)
    name = _output_name(path)
    if fmt == "yaml":
        report.kind = "actors"
        out, text = dest / f"actors-{name}.yaml", _dump_actors(_from_yaml(path, report))
    elif fmt == "csv":
        report.kind = "actors"
        out, text = dest / f"actors-{name}.yaml", _dump_actors(_from_csv(path, report))
    else:
        lines = petr.read_lines(path)
        report.kind = petr.detect_kind(lines)
        if report.kind == "actors":
            entries = _petrarch_actors(petr.parse_actors(path, lines), name, report)
            out, text = dest / f"actors-{name}.yaml", _dump_actors(entries)
        elif report.kind == "agents":
            rows = _petrarch_agents(petr.parse_agents(path, lines), report)
            out, text = dest / f"sectors-{name}.tsv", _dump_tsv(("term", "sector", "kind"), rows)
        elif report.kind == "verbs":
            rows = _petrarch_verbs(petr.parse_verbs(path, lines), path.name, report)
            out, text = dest / f"verbs-{name}.tsv", _dump_tsv(("code", "pattern", "note"), rows)
        else:
            for d in petr.parse_discards(path, lines):
                report.read += 1
                report.skip("discard phrases (casus has no sentence or story discard list)", d.line)
            return report
    report.output = out
    report.unchanged = _write_atomic(out, text)
    return report


def _output_name(path: Path) -> str:
    stem = path.name
    for suffix in (".yaml", ".yml", ".csv", ".tsv", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "import"


def _write_atomic(out: Path, text: str) -> bool:
    """Write ``text`` to ``out`` through a temporary file and a rename; True if unchanged."""
    if out.exists() and out.read_text(encoding="utf-8") == text:
        return True
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return False


def _dump_actors(entries: list[dict]) -> str:
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
    return "# casus named actors, imported by `casus actors import`\n" + body


def _dump_tsv(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(
        buf, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n", escapechar=None
    )
    writer.writerow(header)
    for row in rows:
        writer.writerow([" ".join(c.replace("\t", " ").split()) for c in row])
    return buf.getvalue()


# ------------------------------------------------------------------------- our own schemas
def _from_yaml(path: Path, report: ImportReport) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        items = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path), line=line
        ) from exc
    if items is None:
        return []
    if not isinstance(items, list) or not isinstance(root, yaml.SequenceNode):
        raise InputError("expected a list of actors", path=str(path), line=1)
    out, seen = [], set()
    for node, item in zip(root.value, items, strict=True):
        line = node.start_mark.line + 1
        report.read += 1
        entry = _validated(item, path, line)
        if entry["id"] in seen:
            report.skip("duplicate id (the first one is kept)", line)
            continue
        seen.add(entry["id"])
        out.append(entry)
        report.written += 1
    return out


def _validated(item: object, path: Path, line: int) -> dict:
    def bad(msg: str) -> InputError:
        return InputError(msg, path=str(path), line=line)

    if not isinstance(item, dict):
        raise bad("an actor must be a mapping with at least id and name")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise bad(f"unknown field(s) {unknown}; fields are {', '.join(_FIELDS)}")
    for key in ("id", "name"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise bad(f"{key} must be a non-empty string")
    kind = item.get("type") or "org"
    if kind not in ("org", "person"):
        raise bad(f"type must be org or person, got {kind!r}")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        raise bad("aliases must be a list of strings")
    for key in ("country", "sector", "cameo"):
        value = item.get(key)
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[A-Z0-9]+", value)):
            raise bad(f"{key} must be upper-case letters or digits, got {value!r}")
    links = item.get("links") or []
    if not isinstance(links, list):
        raise bad("links must be a list")
    for lk in links:
        if not isinstance(lk, dict) or lk.get("rel") not in RELATIONS or not lk.get("target"):
            raise bad(f"each link needs rel (one of {', '.join(RELATIONS)}) and target: {lk!r}")
    return _entry(
        str(item["id"]).strip(),
        str(item["name"]).strip(),
        kind,
        [str(a) for a in aliases],
        item.get("country"),
        item.get("sector"),
        item.get("cameo"),
        [dict(lk) for lk in links],
    )


def _entry(eid, name, kind, aliases, country, sector, cameo, links) -> dict:
    return {
        "id": eid,
        "name": name,
        "type": kind,
        "aliases": aliases,
        "country": country,
        "sector": sector,
        "cameo": cameo,
        "links": links,
    }


def _from_csv(path: Path, report: ImportReport) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = [c.strip() for c in reader.fieldnames or []]
        allowed = {"id", "name", "aliases", "country", "sector", "cameo", "type", *RELATIONS}
        missing = [c for c in ("id", "name") if c not in cols]
        unknown = [c for c in cols if c not in allowed]
        if missing or unknown:
            raise InputError(
                f"columns must include id and name and may be {', '.join(sorted(allowed))};"
                f" missing {missing}, unknown {unknown}",
                path=str(path),
                line=1,
            )
        out, seen = [], set()
        for row in reader:
            line = reader.line_num
            report.read += 1
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            links = [{"rel": rel, "target": t} for rel in RELATIONS for t in _split(row.get(rel))]
            item = {
                "id": row["id"],
                "name": row["name"],
                "type": row.get("type") or "org",
                "aliases": _split(row.get("aliases")),
                "country": row.get("country", "").upper() or None,
                "sector": row.get("sector", "").upper() or None,
                "cameo": row.get("cameo", "").upper() or None,
                "links": links,
            }
            entry = _validated(item, path, line)
            if entry["id"] in seen:
                report.skip("duplicate id (the first one is kept)", line)
                continue
            seen.add(entry["id"])
            out.append(entry)
            report.written += 1
    return out


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


# ------------------------------------------------------------------------------- PETRARCH
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


def _petrarch_actors(items: list[petr.PetrActor], name: str, report: ImportReport) -> list[dict]:
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
        out.append(_entry(eid, names[0], "org", aliases, country, sector, cameo, []))
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


def _petrarch_agents(items: list[petr.PetrAgent], report: ImportReport) -> list[tuple]:
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


def _petrarch_verbs(book: petr.PetrVerbs, source: str, report: ImportReport) -> list[tuple]:
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
