import json

from casus.eval.scoring import evaluate, load_gold, predicted_triples
from casus.models import Actor, EventMention, Evidence


def _ev(root, plover, src, tgt, modality="actual", background=False):
    return EventMention(
        event_id="x",
        doc_id="d",
        sentence_index=0,
        sentence="s",
        evidence=Evidence(0, 1, "s"),
        date=None,
        date_precision=None,
        cameo_code=root + "0",
        cameo_root=root,
        quad_class=1,
        goldstein=0.0,
        plover_type=plover,
        plover_mode=None,
        source=Actor(src, country=src[:3], cameo_actor=src) if src else None,
        target=Actor(tgt, country=tgt[:3], cameo_actor=tgt) if tgt else None,
        modality=modality,
        certainty="asserted",
        speaker=None,
        reporting_source=None,
        hedges=(),
        background=background,
        location=None,
        coder="t",
    )


class FakeCoder:
    def __init__(self, by_text):
        self.by_text = by_text

    def code_documents(self, docs):
        for d in docs:
            yield d, self.by_text.get(d.text, [])


def test_eval_petrarch_and_plover_formats(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "a",
                        "text": "A",
                        "date": "2008-01-01",
                        "events": [{"source": "USAGOV", "target": "CHN", "cameo": "042"}],
                    }
                ),
                json.dumps({"id": "b", "text": "B", "events": [], "noevents": True}),
                json.dumps(
                    {
                        "id": "c",
                        "text": "C",
                        "event": "DISAPPROVE",
                        "source": [{"code": "FRA"}],
                        "target": [{"code": "RWA"}],
                    }
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    records = load_gold(gold)
    assert [r.kind for r in records] == ["petrarch", "petrarch", "plover"]
    assert records[2].triples == {("ACCUSE", "FRA", "RWA")}
    coder = FakeCoder(
        {
            "A": [_ev("04", "CONSULT", "USA", "CHN")],
            "B": [_ev("19", "ASSAULT", "USA", "IRQ")],
            "C": [
                _ev("11", "ACCUSE", "FRA", "RWA"),
                _ev("19", "ASSAULT", "FRA", "RWA", modality="hypothetical"),
            ],
        }
    )
    report = evaluate(coder, records)
    assert (report.tp, report.fp, report.fn) == (2, 1, 0)
    p, r, f = report.scores
    assert round(p, 3) == 0.667 and r == 1.0
    assert report.by_root["19"]["fp"] == 1


def test_eval_negated_hypothetical_background_not_scored():
    evs = [
        _ev("19", "ASSAULT", "USA", "IRQ", modality="negated"),
        _ev("19", "ASSAULT", "USA", "IRQ", modality="hypothetical"),
        _ev("19", "ASSAULT", "USA", "IRQ", background=True),
        _ev("03", "AGREE", "USA", "IRQ", modality="future"),
    ]
    assert predicted_triples(evs, "petrarch") == {("03", "USA", "IRQ")}


def test_eval_petrarch_convention_scores_the_act_beneath_a_future_event():
    from dataclasses import replace

    import pytest

    meet = replace(_ev("03", "AGREE", "USA", "CHE", modality="future"), act_code="040")
    said = replace(_ev("03", "AGREE", "USA", "CHE"), act_code="040")  # happened: as coded
    assert predicted_triples([meet], "petrarch") == {("03", "USA", "CHE")}
    assert predicted_triples([meet], "petrarch", "petrarch") == {("04", "USA", "CHE")}
    assert predicted_triples([said], "petrarch", "petrarch") == {("03", "USA", "CHE")}
    # PLOVER records are scored by PLOVER type whatever the convention
    assert predicted_triples([meet], "plover", "petrarch") == {("AGREE", "USA", "CHE")}
    with pytest.raises(ValueError):
        evaluate(FakeCoder({}), [], convention="icews")


def test_act_code_beneath_intentions_and_threats(coder):
    events = coder.code_text(
        "Chile's president will meet Argentina's leader in Santiago on Monday. "
        "The junta vowed to expel the Danish ambassador.",
        doc_id="act",
        date="2024-05-01",
    )
    by_code = {e.cameo_code: e for e in events}
    assert by_code["036"].act_code[:2] == "04" and by_code["036"].modality == "future"
    threat = next(e for e in events if e.cameo_root == "13")
    assert threat.act_code[:2] == "16"  # expelling an envoy is 161
    assert all(e.act_code is None for e in events if e.modality == "actual")
    assert "act_code" in events[0].to_dict()


def test_eval_plover_05_records_score_sanctions_by_their_own_version():
    from dataclasses import replace

    sanctions = replace(_ev("16", "COERCE", "USA", "AFG"), cameo_code="163")
    # the 2021 table puts imposing sanctions under COERCE; PLOVER 0.5 records call it SANCTION
    assert predicted_triples([sanctions], "plover") == {("COERCE", "USA", "AFG")}
    assert predicted_triples([sanctions], "plover", "cameo", "0.5b1") == {
        ("SANCTION", "USA", "AFG")
    }
    other = _ev("19", "ASSAULT", "USA", "AFG")
    assert predicted_triples([other], "plover", "cameo", "0.5b1") == {("ASSAULT", "USA", "AFG")}
