"""The canonical input: ../shared/examples/seed_brief.txt dated 2018-04-16.

Each test is one event an analyst would code from the brief (issue 2).
"""

from __future__ import annotations


def _c(actor) -> str | None:
    return (actor.cameo_actor or actor.country or "")[:3] if actor else None


def _find(events, *, root=None, src=None, tgt=None, **fields):
    out = []
    for e in events:
        if root and not e.cameo_code.startswith(root):
            continue
        if src and _c(e.source) != src:
            continue
        if tgt and _c(e.target) != tgt:
            continue
        if all(getattr(e, k) == v for k, v in fields.items()):
            out.append(e)
    return out


def _show(events) -> str:
    return "\n".join(
        f"{e.sentence_index} {e.cameo_code} {_c(e.source)}->{_c(e.target)} "
        f"{e.modality}/{e.certainty} bg={e.background} '{e.evidence.text}'"
        for e in events
    )


def test_seed_pledge_to_stand_by_assad(seed_events):
    _, evs = seed_events
    hits = [e for e in _find(evs, src="IRQ", tgt="SYR") if e.modality == "future"]
    assert hits, _show(evs)
    assert hits[0].sentence_index == 0


def test_seed_threat_of_retaliation_against_washington(seed_events):
    _, evs = seed_events
    hits = _find(evs, root="13", src="IRQ", tgt="USA", sentence_index=1)
    assert hits, _show(evs)
    assert hits[0].plover_type == "THREATEN"


def test_seed_air_strikes_by_us_uk_france_are_background(seed_events):
    _, evs = seed_events
    for country in ("USA", "GBR", "FRA"):
        hits = _find(evs, root="19", src=country, tgt="SYR", background=True)
        assert hits, f"{country}\n{_show(evs)}"


def test_seed_condemnation_by_the_spokesman(seed_events):
    _, evs = seed_events
    hits = _find(evs, root="11", src="IRQ", tgt="USA")
    hits = [e for e in hits if e.speaker and "Mousawi" in e.speaker.text]
    assert hits, _show(evs)


def test_seed_accusation_of_saudi_arabia_and_israel(seed_events):
    _, evs = seed_events
    assert _find(evs, root="11", src="IRQ", tgt="SAU"), _show(evs)
    assert _find(evs, root="11", src="IRQ", tgt="ISR"), _show(evs)


def test_seed_proxies_threaten_washington(seed_events):
    text, evs = seed_events
    hits = [e for e in _find(evs, root="13", tgt="USA") if "proxies" in e.sentence]
    assert hits, _show(evs)
    assert hits[0].section == "comment"


def test_seed_naji_accuses_the_us_military(seed_events):
    _, evs = seed_events
    hits = _find(evs, root="11", src="IRQ", tgt="USA")
    hits = [e for e in hits if "Naji" in (e.source.text if e.source else "")]
    assert hits, _show(evs)
    assert hits[0].target.sector == "MIL"


def test_seed_unconfirmed_siege_of_the_base(seed_events):
    _, evs = seed_events
    hits = [e for e in _find(evs, root="19", src="IRQ", tgt="USA") if "siege" in e.evidence.text]
    assert hits, _show(evs)
    e = hits[0]
    assert e.certainty == "unconfirmed"
    assert "Iranian and Lebanese media" in (e.reporting_source or "")
    assert any("unconfirmed" in h for h in e.hedges)


def test_seed_pmf_commander_reportedly_threatens(seed_events):
    _, evs = seed_events
    hits = [e for e in _find(evs, root="13", src="IRQ", tgt="USA") if "commander" in e.sentence]
    assert hits, _show(evs)
    assert hits[0].certainty == "reported" and "reportedly" in hits[0].hedges
    assert "popular_mobilization_forces" in hits[0].source.affiliations


def test_seed_us_military_asks_iraqi_government(seed_events):
    _, evs = seed_events
    hits = [e for e in _find(evs, src="USA", tgt="IRQ") if e.cameo_root in ("02", "10")]
    assert hits, _show(evs)
    assert hits[0].reporting_source and "Lebanese paper" in hits[0].reporting_source


def test_seed_nothing_from_the_footer(seed_events):
    _, evs = seed_events
    assert not [e for e in evs if "MEI" in e.sentence or "donat" in e.sentence], _show(evs)


def test_seed_evidence_offsets_point_into_the_text(seed_events):
    text, evs = seed_events
    assert evs
    for e in evs:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.sentence in text


def test_seed_no_denied_or_hypothetical_event_is_asserted_actual(seed_events):
    _, evs = seed_events
    for e in evs:
        if e.modality in ("hypothetical", "negated"):
            assert not (e.modality == "actual" and e.certainty == "asserted")
    # "could be the next target", "could trigger a broader conflict" stay hypothetical
    could = [e for e in evs if "could" in e.sentence and e.cameo_root in ("18", "19", "20")]
    assert all(e.modality != "actual" or e.background for e in could), _show(could)
