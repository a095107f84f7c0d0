"""The actor knowledge base: dated offices, typo-tolerant names, search/show, learning."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from casus.actors.kb import load_kb, user_kb_dir
from casus.actors.learned import provisional_actors, read_facts, save_facts
from casus.actors.roles import RoleIndex, canonical_role
from casus.cli.main import cli
from casus.models import Document


@pytest.fixture(scope="module")
def kb():
    return load_kb(extra_dirs=())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Minister of Defence", "defense minister"),
        ("Secretary of State", "state secretary"),
        ("premier", "prime minister"),
        ("Minister of Foreign Affairs", "foreign minister"),
    ],
)
def test_canonical_role(a, b):
    assert canonical_role(a) == canonical_role(b)


def test_office_holders_are_dated(kb):
    roles = RoleIndex(kb)
    assert roles.holder("syr", "president", "2018-04-16") == "bashar_al_assad"
    assert roles.holder("syr", "president", "2025-06-01") not in (None, "bashar_al_assad")
    assert roles.holder("usa", "Secretary of Defense", "2018-04-16") == "jim_mattis"
    assert roles.holder("syr", "president", None) is None
    assert roles.holder("syr", "former president", "2018-04-16") is None


def test_search_forgives_typos_and_articles(kb):
    assert kb.search("Hash al-Shaabi")[0][0].id == "popular_mobilization_forces"
    assert kb.search("el-Nujaba")[0][0].id == "harakat_al_nujaba"
    assert kb.search("Kremlin")[0][0].id == "rus"
    assert kb.search("zzzzqqqq") == []


def test_inbound_links(kb):
    rels = {(e.id, lk.rel) for e, lk in kb.inbound("harakat_al_nujaba")}
    assert ("hashem_al_mousawi", "spokesman_of") in rels


@pytest.mark.parametrize(
    ("phrase", "date", "actor_id"),
    [
        ("the Syrian president", "2018-04-16", "bashar_al_assad"),
        ("the president of Syria", "2018-04-16", "bashar_al_assad"),
        ("Iran's foreign minister", "2018-04-16", "mohammad_javad_zarif"),
        ("the Russian president", "2018-04-16", "vladimir_putin"),
        ("a Syrian president", "2018-04-16", None),
        ("the former Syrian president", "2018-04-16", None),
        ("PMF", None, "popular_mobilization_forces"),
        ("Popular Mobilization Force", None, "popular_mobilization_forces"),
        ("Hashd al-Shaabi", None, "popular_mobilization_forces"),
        ("Hash al-Shaabi", None, "popular_mobilization_forces"),
        ("Kataib Hizbolah", None, "kataib_hezbollah"),
        ("President Bush", "2003-03-20", "george_w_bush"),
        ("President Bush", "1991-01-17", "george_h_w_bush"),
        ("Prime Minister Netanyahu", "2024-01-01", "benjamin_netanyahu"),
    ],
)
def test_resolve_phrase(coder, phrase, date, actor_id):
    actor = coder.resolve_actor(phrase, date=date)
    assert actor is not None
    assert actor.actor_id == actor_id


def test_title_and_surname_without_date_give_the_country(coder):
    actor = coder.resolve_actor("President Bush")
    assert actor is not None and actor.country == "USA" and actor.actor_id is None
    assert coder.resolve_actor("President Smith").country is None


def test_syrian_president_is_not_assad_in_2025(coder):
    actor = coder.resolve_actor("the Syrian president", date="2025-06-01")
    assert actor is not None and actor.country == "SYR"
    assert actor.actor_id != "bashar_al_assad"


def test_seed_facts_learned(coder, shared):
    text = (shared / "examples" / "seed_brief.txt").read_text(encoding="utf-8")
    (coded,) = coder.process([Document("seed", text, "2018-04-16")])
    facts = {(f.subject_id, f.rel, f.object_id) for f in coded.facts}
    assert ("harakat_al_nujaba", "part_of", "popular_mobilization_forces") in facts
    assert ("harakat_al_nujaba", "led_by", "quds_force") in facts
    assert ("mohammad_naji", "leader_of", "badr_organization") in facts
    for f in coded.facts:
        assert text[f.start : f.end] == f.subject_text  # offsets point into the document
        assert f.subject_text in f.sentence
    # nothing is learned from the institute's footer
    footer = text.rindex("Middle East Institute")
    assert all(f.start < footer - 400 for f in coded.facts)


LEARN_TEXT = (
    "Kataib Imam Ali, a faction of the Popular Mobilization Forces, shelled the town on "
    "Monday. Abu Ali al-Askari, the spokesman of Kataib Hezbollah, denied any role."
)


def test_unknown_names_become_provisional_and_resolve(coder, tmp_path):
    (coded,) = coder.process([Document("d1", LEARN_TEXT, "2020-01-05")])
    facts = {(f.subject_id, f.rel, f.object_id, f.country) for f in coded.facts}
    assert ("prov:kataib_imam_ali", "part_of", "popular_mobilization_forces", "IRQ") in facts
    assert ("prov:abu_ali_al_askari", "spokesman_of", "kataib_hezbollah", "IRQ") in facts
    dicts = [f.to_dict() for f in coded.facts]
    assert save_facts(tmp_path, dicts) == len(dicts)
    assert save_facts(tmp_path, dicts) == 0  # the same facts twice are kept once
    provs = {p.id: p for p in provisional_actors(read_facts(tmp_path))}
    assert provs["prov:kataib_imam_ali"].country == "IRQ"
    kb = load_kb(extra_dirs=[tmp_path])
    assert kb.lookup("Kataib Imam Ali")[0].entry_id == "prov:kataib_imam_ali"
    assert "popular_mobilization_forces" in kb.affiliations("prov:kataib_imam_ali")


def test_corrupt_learned_file_names_file_and_line(tmp_path):
    (tmp_path / "learned.jsonl").write_text('{"subject_id": "x", "rel": "part_of"}\n{oops\n')
    from casus.errors import DataError

    with pytest.raises(DataError, match=r"learned.jsonl:2"):
        read_facts(tmp_path)


def test_cli_show_nujaba():
    res = CliRunner().invoke(cli, ["actors", "show", "harakat_al_nujaba", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    links = {(lk["rel"], lk["target"]) for lk in data["links"]}
    assert {("part_of", "popular_mobilization_forces"), ("backed_by", "irn")} <= links
    assert ("led_by", "quds_force") in links
    assert all(lk["source"] for lk in data["links"])  # every fact says where it comes from
    inbound = {(lk["from"], lk["rel"]) for lk in data["linked_from"]}
    assert ("hashem_al_mousawi", "spokesman_of") in inbound


def test_cli_show_naji_heads_badr():
    res = CliRunner().invoke(cli, ["actors", "show", "mohammad_naji", "--json"])
    assert res.exit_code == 0, res.output
    links = json.loads(res.output)["links"]
    assert any(lk["target"] == "badr_organization" for lk in links)


def test_cli_show_unknown_suggests():
    res = CliRunner().invoke(cli, ["actors", "show", "nujaba"])
    assert res.exit_code != 0
    assert "harakat_al_nujaba" in res.output


def test_cli_search_json():
    res = CliRunner().invoke(cli, ["actors", "search", "Hashd al-Shaabi", "--json"])
    assert res.exit_code == 0
    first = json.loads(res.output.splitlines()[0])
    assert first["id"] == "popular_mobilization_forces"


def test_cli_learn_save_provisional_promote(coder, tmp_path, monkeypatch):
    monkeypatch.setenv("CASUS_HOME", str(tmp_path))
    src = tmp_path / "report.txt"
    src.write_text(LEARN_TEXT, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["actors", "learn", str(src), "--date", "2020-01-05", "--save"])
    assert res.exit_code == 0, res.output
    n = len(read_facts(user_kb_dir()))
    assert n >= 2
    res = runner.invoke(cli, ["actors", "learn", str(src), "--date", "2020-01-05", "--save"])
    assert len(read_facts(user_kb_dir())) == n  # re-running the same input is a no-op
    res = runner.invoke(cli, ["actors", "provisional"])
    assert "prov:kataib_imam_ali" in res.output.replace("…", "") or "Kataib Imam" in res.output
    res = runner.invoke(cli, ["actors", "promote", "kataib_imam_ali", "--sector", "PRM"])
    assert res.exit_code == 0, res.output
    kb = load_kb()
    assert kb.entries["kataib_imam_ali"].sector == "PRM"
    assert "prov:kataib_imam_ali" not in kb.entries
    res = runner.invoke(cli, ["actors", "promote", "kataib_imam_ali"])
    assert res.exit_code != 0  # promoted already
