"""The attribute table gives exactly the annotations of spaCy's attribute_ruler."""

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from casus.nlp.attributes import AttributeTable, UnsupportedRule, install_attribute_table

ROOT = Path(__file__).resolve().parent.parent

RULES = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}}]], "attrs": {"POS": "VERB"}},
    # a later rule overrides an earlier one on the same token
    {"patterns": [[{"TAG": "NN", "LOWER": "strike"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"DEP": "nsubj", "TAG": {"NOT_IN": ["NN", ""]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"TAG": "VBD"}], [{"LOWER": "hit"}]], "attrs": {"MORPH": "Tense=Past"}},
]


def _doc(vocab, words, tags, deps):
    return Doc(
        vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words), spaces=[True] * len(words)
    )


def _annotations(doc):
    return [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in doc]


def test_attributes_table_equals_spacy_ruler_on_rules_of_every_kind():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(RULES)
    table = AttributeTable(nlp.vocab, list(ruler.patterns))
    words = ["They", "gon", "na", "strike", "y'", "all", "hit", "strike", "\n", "he", "ran"]
    tags = ["PRP", "VBG", "TO", "NN", "PRP", "DT", "VBD", "NN", "_SP", "PRP", "VBD"]
    deps = ["nsubj", "ROOT", "aux", "dobj", "nsubj", "det", "conj", "dobj", "dep", "nsubj", "conj"]
    a = ruler(_doc(nlp.vocab, words, tags, deps))
    b = table(_doc(nlp.vocab, words, tags, deps))
    assert _annotations(a) == _annotations(b)
    got = dict(zip(words, _annotations(b), strict=False))
    assert got["strike"][0] == "PROPN"  # the later rule won
    assert got["na"][2] == "to" and got["y'"][2] == "you"  # two-token rules, both indexes
    assert got["They"][0] == "PRON" and got["hit"][3] == "Tense=Past"


def test_attributes_unsupported_rule_keeps_spacy_ruler():
    with pytest.raises(UnsupportedRule):
        AttributeTable(
            spacy.blank("en").vocab,
            [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}],
        )
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(
        [{"patterns": [[{"LENGTH": {">": 3}}]], "attrs": {"POS": "NOUN"}}]
    )
    assert install_attribute_table(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def _our_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    for path in sorted((ROOT / "examples" / "corpus").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    texts.append(
        "I ain't gonna go, y'all. Let's go! C'mon, we gotta win. It was I. You saw it.\n\n"
        "But he didn't. There is a man. Do you? I did have it. That is what gets got."
    )
    return texts


def test_attributes_model_pipeline_annotations_unchanged(coder):
    from casus.nlp.loader import load_model

    bare = load_model(coder.settings.model)
    fast = load_model(coder.settings.model)
    assert install_attribute_table(fast)
    assert "attribute_ruler" not in fast.pipe_names
    texts = _our_texts()
    n = 0
    for a, b in zip(bare.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(a) == _annotations(b)
        n += len(a)
    assert n > 5000
    assert "casus_attribute_table" in coder.nlp.pipe_names  # the coder's own pipeline has it
