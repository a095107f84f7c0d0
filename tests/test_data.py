"""The shipped knowledge: every data file loads and covers what the coder needs."""

from importlib import resources
from pathlib import Path

import pytest

from casus.actors.kb import load_kb, surface_variants
from casus.coding.lexicon import load_lexicon
from casus.coding.ontology import load_ontology, quad_class

DATA = Path(str(resources.files("casus") / "data"))
ROOTS = [f"{n:02d}" for n in range(1, 21)]


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(DATA / "cameo.tsv")


@pytest.fixture(scope="module")
def lexicon(ontology):
    return load_lexicon(DATA, set(ontology.codes))


def test_data_ontology_has_every_root_with_plover_type(ontology):
    for root in ROOTS:
        assert root in ontology
    assert all(info.plover_type for info in ontology.codes.values())
    assert len(ontology.codes) > 250
    assert all(-10 <= info.goldstein <= 10 for info in ontology.codes.values())


def test_data_ontology_quad_classes():
    assert [quad_class(c) for c in ("042", "073", "112", "195")] == [1, 2, 3, 4]


def test_data_ontology_intent_codes_exist(ontology):
    for code in ontology.codes:
        intent = ontology.intent(code)
        assert intent is None or intent in ontology


@pytest.mark.parametrize("root", ROOTS)
def test_data_lexicon_covers_root(lexicon, root):
    codes = {p.code for pats in lexicon.verbs.values() for p in pats}
    assert any(c.startswith(root) for c in codes), f"no verb trigger for root {root}"


def test_data_lexicon_has_news_phrasal_patterns(lexicon):
    texts = {p.text for pats in lexicon.verbs.values() for p in pats}
    for needed in ("call on", "hand over", "lay siege to"):
        assert any(t.startswith(needed.split()[0]) and needed.split()[-1] in t for t in texts), (
            needed
        )


def test_data_lexicon_nouns_cover_conflict_nouns(lexicon):
    for head in ("strike", "siege", "ceasefire", "blockade", "arrest", "abduction"):
        assert lexicon.noun_patterns(head), head


def test_data_kb_countries_igos_and_named_actors():
    kb = load_kb(DATA)
    assert len([e for e in kb.entries.values() if e.kind == "country"]) >= 190
    for form, entry in (
        ("Washington", "usa"),
        ("Tehran", "irn"),
        ("Damascus", "syr"),
        ("Syrian", "syr"),
        ("Britain", "gbr"),
        ("U.S.", "usa"),
    ):
        assert entry in {s.entry_id for s in kb.lookup(form)}, form
    assert any(e.kind == "igo" and e.country == "UNO" for e in kb.entries.values())
    nujaba = [s.entry_id for s in kb.lookup("Harakat al-Nujaba")]
    assert nujaba and kb.entries[nujaba[0]].country == "IRQ"


def test_data_kb_named_ids_are_unique_and_do_not_shadow_countries():
    import yaml

    countries = {line.split("\t")[0].strip().lower() for line in (DATA / "countries.tsv").open()}
    seen: set[str] = set()
    for path in sorted(DATA.glob("actors*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            eid = item["id"]
            assert eid not in seen, f"{path.name}: duplicate id {eid}"
            assert eid not in countries, f"{path.name}: id {eid} replaces a country entry"
            seen.add(eid)


def test_data_kb_caps_only_short_forms():
    kb = load_kb(DATA)
    assert "us" in kb.caps_only  # "US" the country, not "us" the pronoun


def test_data_surface_variants_handle_article_and_dots():
    v = surface_variants("Hashd al-Shaabi")
    assert {"hashd al-shaabi", "hashd al shaabi", "hashd shaabi"} <= v
    assert "us" in surface_variants("U.S.")
