"""Importing dictionaries (our YAML, CSV, PETRARCH) and conformance with the PETRARCH suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from casus.actors import petrarch as petr
from casus.actors.importer import import_file
from casus.actors.kb import load_kb
from casus.cli.main import cli
from casus.coding.lexicon import load_lexicon
from casus.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "casus" / "data"

ACTORS = """<!-- a made-up actors dictionary
     spanning lines # with a hash -->
VALDORIA [VLD]  # a country
+VALDORIAN
+PORT_ESTEL

RIVERWATCH_COUNCIL [VLDGOV]
OLD_KINGDOM_
\t[OKD <891231]
\t[NKD 19900101 - 19991231]
\t[NKD >20000101]
NOBODY [---]
TWIN_CITIES [AAA/BBB]
"""

AGENTS = """!KIN! = MAN, MEN
HARBOUR_MASTER [~GOV] # 1 Jan
PATROL {} [~MIL]
GOOSE_HERD {GEESE_HERDS} [~AGR]
COAST!KIN! [~COP]
CHARITY [NGO~]
"""

VERBS = """&WEAPONS
+SPEARS
+BOWS
&ARMS
+&WEAPONS
+SHIELDS
&BIGTHINGS
+SIEGE ENGINES

--- PARLEY  [031] ---
PARLEY {PARLEYED PARLEYS}
- * WITH ENVOYS [032]
- * OVER &ARMS [030:030]
- REFUSED TO * [111]
- * &BIGTHINGS [030]
- + * WITH $ [032]
- * RIDDLES [999]

--- SPURN  [---] ---
SPURN
+SPURN_AWAY [111]
- * TRIBUTE [112]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_petrarch_detect_kind_of_each_dictionary(tmp_path):
    kinds = {}
    for name, text in (
        ("a.txt", ACTORS),
        ("g.txt", AGENTS),
        ("v.txt", VERBS),
        ("d.txt", "FOOTBALL SCORES\n+HOROSCOPE # story\n"),
    ):
        kinds[name] = petr.detect_kind(petr.read_lines(_write(tmp_path, name, text)))
    assert kinds == {"a.txt": "actors", "g.txt": "agents", "v.txt": "verbs", "d.txt": "discards"}


def test_petrarch_actors_synonyms_dates_and_comments(tmp_path):
    items = petr.parse_actors(_write(tmp_path, "a.txt", ACTORS))
    by_name = {a.names[0]: a for a in items}
    assert by_name["VALDORIA"].names == ("VALDORIA", "VALDORIAN", "PORT ESTEL")
    assert by_name["VALDORIA"].line == 3
    assert by_name["OLD KINGDOM"].codes == (
        petr.DatedCode("OKD", None, "19891230"),
        petr.DatedCode("NKD", "19900101", "19991231"),
        petr.DatedCode("NKD", "20000101", None),
    )
    assert by_name["NOBODY"].codes == (petr.DatedCode("---"),)


def test_petrarch_agents_substitution_and_plurals(tmp_path):
    items = petr.parse_agents(_write(tmp_path, "g.txt", AGENTS))
    by_term = {a.terms[0]: a for a in items}
    assert by_term["COASTMAN"].terms == ("COASTMAN", "COASTMEN")
    assert by_term["PATROL"].plurals == ()
    assert by_term["GOOSE HERD"].plurals == ("GEESE HERDS",)
    assert by_term["HARBOUR MASTER"].plurals is None
    assert by_term["CHARITY"].code == "NGO~"


def test_petrarch_import_actors_loads_as_kb(tmp_path):
    kb_dir = tmp_path / "kb"
    report = import_file(_write(tmp_path, "Tiny.Actors.txt", ACTORS), "petrarch", kb_dir)
    assert report.output == kb_dir / "actors-tiny-actors.yaml"
    assert (report.read, report.written, report.n_skipped) == (5, 4, 1)
    assert "several codes" in next(iter(report.skipped))
    assert sum(len(v) for v in report.dropped.values()) == 3  # two codes and one date dropped
    kb = load_kb(extra_dirs=[kb_dir], shipped=False)
    hit = kb.entries[kb.lookup("Port Estel")[0].entry_id]
    assert (hit.cameo, hit.country, hit.sector) == ("VLD", "VLD", None)
    council = kb.entries[kb.lookup("Riverwatch Council")[0].entry_id]
    assert (council.cameo, council.country, council.sector) == ("VLDGOV", "VLD", "GOV")
    assert kb.entries[kb.lookup("old kingdom")[0].entry_id].cameo == "NKD"  # the open-ended one


def test_petrarch_import_agents_as_sectors(tmp_path):
    kb_dir = tmp_path / "kb"
    report = import_file(_write(tmp_path, "g.txt", AGENTS), "petrarch", kb_dir)
    assert report.kind == "agents" and report.written == 5
    assert list(report.dropped) == ["code before the country (XXX~) written as a sector after it"]
    kb = load_kb(extra_dirs=[kb_dir], shipped=False)
    assert kb.sectors["harbour masters"] == ("GOV", "agent")
    assert kb.sectors["coastmen"] == ("COP", "agent")
    assert "patrols" not in kb.sectors and "geese herds" in kb.sectors


def test_petrarch_import_verbs_as_patterns(tmp_path):
    kb_dir = tmp_path / "kb"
    report = import_file(_write(tmp_path, "v.txt", VERBS), "petrarch", kb_dir)
    assert report.kind == "verbs"
    reasons = {r: len(lines) for r, lines in report.skipped.items()}
    assert reasons == {
        "words before the verb (casus patterns follow the verb)": 1,
        "synset with multi-word members": 1,
        "source/target/skip markers ($ + % ^)": 1,
        "code is not a CAMEO code in cameo.tsv": 1,
    }
    lex = load_lexicon(DATA, None, extra_dirs=[kb_dir], shipped_triggers=False)
    got = {(p.code, p.text) for p in lex.verb_patterns("parleyed")}
    assert got == {
        ("031", "parley|parleyed|parleys"),
        ("032", "parley|parleyed|parleys with envoys"),
        ("030", "parley|parleyed|parleys over spears|bows|shields"),
    }
    assert {(p.code, p.text) for p in lex.verb_patterns("spurn")} == {
        ("111", "spurn away"),
        ("112", "spurn tribute"),
    }
    assert "paired code X:Y - the reverse event is not coded" in report.dropped


def test_petrarch_discards_are_reported_not_written(tmp_path):
    report = import_file(_write(tmp_path, "d.txt", "SCORES\n+HOROSCOPE\n"), "petrarch", tmp_path)
    assert report.output is None and report.n_skipped == 2 and report.written == 0


@pytest.mark.parametrize(
    ("text", "line"),
    [("OK [AAA]\nBROKEN [ABC\n", 2), ("A [AAA]\nB [BBB <1990]\n", 2), ("[AAA]\nX [B]\n", 1)],
)
def test_petrarch_bad_actor_line_names_file_and_line(tmp_path, text, line):
    path = _write(tmp_path, "bad.txt", text)
    with pytest.raises(InputError) as err:
        import_file(path, "petrarch", tmp_path / "kb")
    assert err.value.line == line and str(path) in str(err.value)
    assert not (tmp_path / "kb").exists()


def test_import_yaml_validates_and_keeps_line(tmp_path):
    good = "- id: a1\n  name: Alpha Front\n  aliases: [AF]\n  country: VLD\n  sector: REB\n"
    report = import_file(_write(tmp_path, "mine.yaml", good + good), "yaml", tmp_path / "kb")
    assert (report.read, report.written) == (2, 1)
    assert report.skipped == {"duplicate id (the first one is kept)": [6]}
    entry = load_kb(extra_dirs=[tmp_path / "kb"], shipped=False).entries["a1"]
    assert entry.aliases == ("AF",) and entry.sector == "REB"
    bad = good + "- id: a2\n  name: Beta\n  links: [{rel: friend_of, target: a1}]\n"
    with pytest.raises(InputError) as err:
        import_file(_write(tmp_path, "bad.yaml", bad), "yaml", tmp_path / "kb")
    assert err.value.line == 6


def test_import_csv_with_relation_columns(tmp_path):
    text = (
        "id,name,aliases,country,sector,cameo,backed_by\n"
        "north_band,North Band,NB;The Band,vld,reb,VLDREB,valdoria_gov;patron2\n"
    )
    report = import_file(_write(tmp_path, "groups.csv", text), "csv", tmp_path / "kb")
    assert report.complete and report.written == 1
    entry = load_kb(extra_dirs=[tmp_path / "kb"], shipped=False).entries["north_band"]
    assert entry.country == "VLD" and entry.cameo == "VLDREB"
    assert [lk.target for lk in entry.links] == ["valdoria_gov", "patron2"]
    with pytest.raises(InputError) as err:
        import_file(_write(tmp_path, "x.csv", "id,nom\n"), "csv", tmp_path / "kb")
    assert err.value.line == 1


def test_cli_actors_import_twice_is_a_no_op(tmp_path, monkeypatch):
    monkeypatch.setenv("CASUS_HOME", str(tmp_path / "home"))
    src = _write(tmp_path, "Tiny.Actors.txt", ACTORS)
    runner = CliRunner()
    first = runner.invoke(cli, ["actors", "import", str(src), "--format", "petrarch"])
    kb_dir = tmp_path / "home" / "kb"
    files = sorted(p.name for p in kb_dir.iterdir())
    before = (kb_dir / files[0]).read_text(encoding="utf-8")
    second = runner.invoke(cli, ["actors", "import", str(src), "--format", "petrarch"])
    assert first.exit_code == second.exit_code == 1  # something was skipped
    assert "5 read, 4 written, 1 skipped" in first.output
    assert "(written)" in first.output and "(unchanged)" in second.output
    assert sorted(p.name for p in kb_dir.iterdir()) == files == ["actors-tiny-actors.yaml"]
    assert (kb_dir / files[0]).read_text(encoding="utf-8") == before
    items = yaml.safe_load(before)
    assert len(items) == len({i["id"] for i in items}) == 4


def test_cli_actors_import_bad_file_says_where(tmp_path):
    src = _write(tmp_path, "bad.txt", "GOOD [AAA]\nWORSE [BBB >19X0]\n")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "casus",
            "actors",
            "import",
            str(src),
            "--format",
            "petrarch",
            "--kb-dir",
            str(tmp_path / "kb"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "CASUS_HOME": str(tmp_path / "home"), "PATH": ""},
        timeout=120,
    )
    assert res.returncode == 2
    assert f"{src}:2:" in res.stderr and "Traceback" not in res.stderr


def test_import_leaves_the_shipped_kb_alone(tmp_path):
    before = load_kb()
    import_file(_write(tmp_path, "a.txt", ACTORS), "petrarch", tmp_path / "elsewhere")
    after = load_kb()
    assert after.entries.keys() == before.entries.keys()
    assert after.sectors == before.sectors


@pytest.mark.model
def test_petrarch_conformance_floor(shared, coder):
    from casus.eval.petrarch import run_conformance

    suite = shared / "reference" / "petrarch-validation"
    if not suite.is_dir():
        pytest.skip(f"{suite} is absent")
    result = run_conformance(suite, nlp=coder.nlp)
    assert result.total == 284
    # measured: 47 exact (16.5%), 59 loose (20.8%); see bench/petrarch_conformance.py
    assert result.exact >= 42, result.exact
    assert result.loose >= 53, result.loose
