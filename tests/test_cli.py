"""The command line: inputs good and bad, output formats, help text, README coverage."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casus.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = {
    "event_id": str,
    "doc_id": str,
    "sentence_index": int,
    "sentence": str,
    "evidence": dict,
    "date": (str, type(None)),
    "date_precision": (str, type(None)),
    "cameo_code": str,
    "cameo_root": str,
    "quad_class": int,
    "goldstein": (int, float),
    "plover_type": str,
    "plover_mode": (str, type(None)),
    "source": (dict, type(None)),
    "target": (dict, type(None)),
    "modality": str,
    "certainty": str,
    "speaker": (dict, type(None)),
    "reporting_source": (str, type(None)),
    "hedges": list,
    "background": bool,
    "location": (dict, type(None)),
    "coder": str,
}
ACTOR = {
    "text": str,
    "actor_id": (str, type(None)),
    "name": (str, type(None)),
    "country": (str, type(None)),
    "sector": (str, type(None)),
    "cameo_actor": (str, type(None)),
    "affiliations": list,
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "casus"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "casus"]
    return subprocess.run(
        [*cmd, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    (d / "good.txt").write_text("Turkish police arrested three German journalists.", "utf-8")
    (d / "empty.txt").write_text("", "utf-8")
    (d / "binary.txt").write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    (d / "latin1.txt").write_bytes("Fran\xe7ois said Chad attacked Sudan.".encode("latin-1"))
    (d / "docs.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Egypt condemned Israel.", "date": "2024-01-02"})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "j3", "text": "Kenya accused Somalia of shelling."})
        + "\n",
        "utf-8",
    )
    big = ("Syrian rebels attacked Turkish positions. " * 25 + "\n\n") * 200
    (d / "big.txt").write_text(big * 5, "utf-8")  # ~1 MB: 50 chunks, offsets checked
    return d


@pytest.mark.model
def test_cli_code_jsonl_contract_and_bad_inputs(coder, bad_inputs):
    d = bad_inputs
    files = [
        str(d / n) for n in ("good.txt", "empty.txt", "binary.txt", "latin1.txt", "docs.jsonl")
    ]
    res = run("code", "--format", "jsonl", "--date", "2024-03-01", *files)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert "empty.txt" in res.stderr and "binary.txt" in res.stderr
    assert "latin1.txt:1" in res.stderr
    assert "docs.jsonl:2" in res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    docs = {r["doc_id"] for r in records}
    assert {"good", "j1", "j3"} <= docs
    for rec in records:
        for name, typ in CONTRACT.items():
            assert name in rec, name
            assert isinstance(rec[name], typ), (name, rec[name])
        for side in ("source", "target", "speaker"):
            if rec[side] is not None:
                for name, typ in ACTOR.items():
                    assert isinstance(rec[side][name], typ), (side, name)
        ev = rec["evidence"]
        assert set(ev) == {"start", "end", "text"} and ev["end"] > ev["start"]
    j1 = [r for r in records if r["doc_id"] == "j1"]
    assert j1 and j1[0]["date"] == "2024-01-02"
    good = [r for r in records if r["doc_id"] == "good"]
    assert good and good[0]["date"] == "2024-03-01" and good[0]["cameo_root"] == "17"


@pytest.mark.model
def test_cli_code_megabyte_document_in_chunks(coder, bad_inputs):
    res = run("code", "--format", "jsonl", str(bad_inputs / "big.txt"))
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.splitlines()
    assert len(lines) > 1000
    last = json.loads(lines[-1])
    text = (bad_inputs / "big.txt").read_text("utf-8")
    ev = last["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.model
def test_cli_code_stdin_table_and_plover(coder):
    res = run("code", "-", "--date", "2024-03-01", stdin="Egypt condemned Israel.")
    assert res.returncode == 0, res.stderr
    assert "111" in res.stdout or "11" in res.stdout
    assert "Egypt" in res.stdout
    res = run("code", "-", "--format", "plover", stdin="Egypt condemned Israel.")
    rec = json.loads(res.stdout.splitlines()[0])
    assert rec["event"] == "ACCUSE" and rec["source"][0]["country"] == "EGY"


def test_cli_bad_date_is_a_clear_error():
    res = run("code", "-", "--date", "16/04/2018", stdin="x")
    assert res.returncode != 0
    assert "Traceback" not in res.stderr and "date" in res.stderr.lower()


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_cli_every_command_has_help_and_is_in_readme(name):
    cmd = cli.commands[name]
    assert (cmd.help or "").strip(), f"{name} has no help text"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(rf"casus {name}\b", readme), f"README does not document 'casus {name}'"
