"""The benchmark runs and reports both rates, the overhead and memory (no timing asserted)."""

from casus.bench import run_bench


def test_bench_reports_parse_and_code_rates(coder):
    text = "Turkish police arrested three German journalists in Istanbul on Monday."
    result = run_bench([text], min_words=300, repeats=1)
    assert result.words >= 300 and result.docs >= 30
    assert result.parse_wps > 0 and result.code_wps > 0
    assert result.events >= result.docs  # the sentence codes to an arrest in every copy
    assert result.peak_rss_mb > 50


def test_bench_counts_the_boilerplate_it_does_not_parse(coder):
    text = (
        "Turkish police arrested three German journalists in Istanbul on Monday.\n\n"
        "The Institute is a non-partisan, non-profit organization. Click here to donate."
    )
    result = run_bench([text], min_words=200, repeats=1, compare_geo=False)
    footer = text.index("The Institute")
    assert result.chars == len(text) * result.docs
    assert result.parsed_chars == footer * result.docs  # the footer is never parsed
    assert 0 < result.parsed_share < 1
    assert result.pieces_seconds is not None and result.coding_only is not None
    assert result.events >= result.docs
