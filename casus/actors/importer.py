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
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from casus.actors import petrarch as petr
from casus.actors.petrarch_import import convert_actors, convert_agents, convert_verbs
from casus.actors.report import ImportReport, actor_entry
from casus.atomic import write_text
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
            entries = convert_actors(petr.parse_actors(path, lines), name, report)
            out, text = dest / f"actors-{name}.yaml", _dump_actors(entries)
        elif report.kind == "agents":
            rows = convert_agents(petr.parse_agents(path, lines), report)
            out, text = dest / f"sectors-{name}.tsv", _dump_tsv(("term", "sector", "kind"), rows)
        elif report.kind == "verbs":
            rows = convert_verbs(petr.parse_verbs(path, lines), path.name, report)
            out, text = dest / f"verbs-{name}.tsv", _dump_tsv(("code", "pattern", "note"), rows)
        else:
            for d in petr.parse_discards(path, lines):
                report.read += 1
                report.skip("discard phrases (casus has no sentence or story discard list)", d.line)
            return report
    report.output = out
    report.unchanged = write_text(out, text)
    return report


def _output_name(path: Path) -> str:
    stem = path.name
    for suffix in (".yaml", ".yml", ".csv", ".tsv", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "import"


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
        _keep_first(_validated(item, path, line), line, seen, out, report)
    return out


def _keep_first(
    entry: dict, line: int, seen: set[str], out: list[dict], report: ImportReport
) -> None:
    """Add ``entry`` to ``out`` unless an entry with its id came first."""
    if entry["id"] in seen:
        report.skip("duplicate id (the first one is kept)", line)
        return
    seen.add(entry["id"])
    out.append(entry)
    report.written += 1


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
    return actor_entry(
        str(item["id"]).strip(),
        str(item["name"]).strip(),
        kind,
        [str(a) for a in aliases],
        item.get("country"),
        item.get("sector"),
        item.get("cameo"),
        [dict(lk) for lk in links],
    )


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
            _keep_first(_validated(item, path, line), line, seen, out, report)
    return out


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]
