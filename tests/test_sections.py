from importlib import resources
from pathlib import Path

import pytest

from casus.coding.lexicon import load_cues
from casus.nlp.sections import chunk_text, parse_spans, quote_mask, segment


@pytest.fixture(scope="module")
def cues():
    return load_cues(Path(str(resources.files("casus") / "data" / "cues.yaml")))


def test_sections_comment_runs_to_end_and_footer_is_boilerplate(cues):
    text = (
        "Rebels shelled the town.\n\nComment: The army may respond.\n\nMore fighting is "
        "likely.\n\nThe Institute is a non-partisan, non-profit organization. Click here "
        "to donate."
    )
    secs = [p.section for p in segment(text, cues)]
    assert secs == ["report", "comment", "comment", "boilerplate"]


def test_sections_single_cue_is_not_boilerplate(cues):
    text = "Police arrested a man who had posted a copyright notice.\n\nTroops withdrew."
    assert [p.section for p in segment(text, cues)] == ["report", "report"]


def test_sections_analysis_heading_starts_comment(cues):
    secs = segment("Troops withdrew.\n\nAnalysis - the move is tactical.", cues)
    assert secs[1].section == "comment"


def test_sections_quote_mask_marks_curly_and_straight_quotes():
    text = 'He said: “We will fight.” Then "no" was heard.'
    mask = quote_mask(text)
    inside = "".join(ch for ch, m in zip(text, mask, strict=True) if m)
    assert inside == "We will fight.no"


def test_sections_quote_does_not_cross_paragraphs():
    text = "“Open quote never closed\n\nNew paragraph."
    mask = quote_mask(text)
    assert not any(mask[text.index("New") :])


def test_sections_chunks_cover_text_and_respect_limit():
    para = ("Word " * 50 + ". ") * 40
    text = "\n\n".join([para] * 5)
    chunks = chunk_text(text, 3000)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(e - s <= 3000 for s, e in chunks)
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:], strict=False))


def test_sections_paragraph_chunks_never_span_a_break():
    text = "One. Two.\n\nThree.\n\n\nFour."
    pieces = [text[s:e] for s, e in chunk_text(text, 1000, paragraphs=True)]
    assert pieces == ["One. Two.", "Three.", "Four."]


FOOTER = (
    "The Institute is a non-partisan, non-profit organization. Click here to donate to our "
    "work and subscribe to the newsletter."
)


def test_sections_parse_spans_leave_out_boilerplate(cues):
    text = f"Rebels shelled the town.\n\n{FOOTER}\n\nTroops withdrew.\n\n{FOOTER}\n"
    spans = parse_spans(text, segment(text, cues), 1000)
    pieces = [text[s:e] for s, e in spans]
    assert [p.strip() for p in pieces] == ["Rebels shelled the town.", "Troops withdrew."]
    assert all("Click" not in p for p in pieces)


def test_sections_parse_spans_chunk_a_text_without_boilerplate_whole(cues):
    para = ("Word " * 50 + ". ") * 40
    text = "\n\n".join([para] * 5)
    assert parse_spans(text, segment(text, cues), 3000) == chunk_text(text, 3000)
    assert parse_spans(FOOTER, segment(FOOTER, cues), 3000) == [(0, 0)]  # one empty piece
    long = f"{para}\n\n{FOOTER}\n\n{para}"
    spans = parse_spans(long, segment(long, cues), 3000)
    assert all(e - s <= 3000 for s, e in spans)
    assert "".join(long[s:e] for s, e in spans).split() == (para + para).split()


def test_sections_boilerplate_any_matches_where_some_pattern_does(cues):
    import re

    from casus.coding.lexicon import _alternatives
    from casus.nlp.sections import is_boilerplate_sentence

    assert _alternatives(r"a|(b|c)[|\]]|\|d") == ["a", r"(b|c)[|\]]", r"\|d"]
    assert _alternatives("[]|]x|y") == ["[]|]x", "y"]
    joined = re.compile("|".join(f"(?:{p.pattern})" for p in cues.boilerplate), re.IGNORECASE)
    texts = [
        "Click here to subscribe.",
        "It is a nonprofit.",
        "the not-for-profit group",
        "Xsubscribe and clickhere",
        "© 2020",
        "is an independent, non-partisan research organization",
        "Troops withdrew from the town.",
        "subscriber_ newsletters",
    ]
    for t in texts + [t.upper() for t in texts]:
        assert bool(cues.boilerplate_any.search(t)) == bool(joined.search(t)), t
        if t.isascii():  # the lowercase twin searches lowercased ASCII text
            assert bool(cues.boilerplate_lower.search(t.lower())) == bool(joined.search(t)), t
    # a case-blind match takes "\u017f" (long s) for "s", which lowercasing keeps: such text
    # is searched as it is
    folded = ("Please \u017fubscribe.", "Click here to \u017fubscribe.", "Troops \u2014 left")
    for t in (*folded, "“Click here” to subscribe."):
        assert is_boilerplate_sentence(t, cues) == (len(joined.findall(t)) >= 1), t


def test_sections_lowercase_twin_only_for_lowercase_patterns():
    import re

    from casus.coding.lexicon import _lowercase_twin

    assert _lowercase_twin(re.compile(r"\bclick here\b", re.I)).pattern == r"\bclick here\b"
    assert _lowercase_twin(re.compile(r"\Bfoo", re.I)) is None  # \b would not mean \B
    assert _lowercase_twin(re.compile(r"[A-Z]{2}", re.I)) is None


def test_sections_coder_skips_boilerplate_and_keeps_offsets(coder):
    text = (
        "Rebels shelled the town of Kidal on Monday.\n\n"
        f"{FOOTER}\n\n"
        "Mali's army arrested two rebel commanders in Gao on Tuesday.\n\n"
        f"{FOOTER}"
    )
    events = coder.code_text(text, date="2024-03-05")
    assert [e.cameo_code[:2] for e in events] == ["19", "17"]
    for e in events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.sentence in text and "Click" not in e.sentence
    arrest = next(e for e in events if e.cameo_code[:2] == "17")
    assert arrest.source is not None and arrest.source.country == "MLI"
    assert arrest.sentence_index == 1  # the footer between is not a sentence of the text
