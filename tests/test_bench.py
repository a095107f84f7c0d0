"""The benchmark runs and reports both rates, the overhead and memory (no timing asserted)."""

from casus.bench import run_bench


def test_bench_reports_parse_and_code_rates(coder):
    text = "Turkish police arrested three German journalists in Istanbul on Monday."
    result = run_bench([text], min_words=300, repeats=1)
    assert result.words >= 300 and result.docs >= 30
    assert result.parse_wps > 0 and result.code_wps > 0
    assert result.events >= result.docs  # the sentence codes to an arrest in every copy
    assert result.peak_rss_mb > 50
