"""CAMEO codes with Goldstein weights, quad classes and their PLOVER type and mode."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from casus.errors import DataError

__all__ = ["CodeInfo", "Ontology", "load_ontology", "quad_class", "INTENT_OF", "THREAT_OF"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    name: str
    goldstein: float
    plover_type: str
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.code)


def quad_class(code: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


# "Will X" / "vowed to X": cooperative acts become CAMEO 03x (express intent to ...),
# conflictual material acts become 13x threats. Keyed by 3-digit then 2-digit prefix.
INTENT_OF: dict[str, str] = {
    "04": "036",
    "042": "036",
    "043": "036",
    "045": "039",
    "046": "036",
    "05": "032",
    "051": "032",
    "052": "032",
    "054": "032",
    "057": "030",
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "075": "0333",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
THREAT_OF: dict[str, str] = {
    "14": "133",
    "15": "138",
    "16": "131",
    "161": "131",
    "162": "131",
    "163": "132",
    "164": "134",
    "166": "131",
    "17": "137",
    "171": "137",
    "172": "137",
    "173": "137",
    "174": "137",
    "175": "137",
    "18": "1383",
    "19": "1384",
    "191": "1381",
    "192": "1382",
    "20": "1385",
}


class Ontology:
    def __init__(self, codes: dict[str, CodeInfo]) -> None:
        self.codes = codes

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CodeInfo:
        try:
            return self.codes[code]
        except KeyError:
            raise DataError(f"unknown CAMEO code {code!r}") from None

    def intent(self, code: str) -> str | None:
        """The CAMEO code for announcing ``code`` as an intention or threat, if it changes."""
        for key in (code[:3], code[:2]):
            if key in INTENT_OF:
                return INTENT_OF[key]
            if key in THREAT_OF:
                return THREAT_OF[key]
        return None


def load_ontology(path: Path) -> Ontology:
    codes: dict[str, CodeInfo] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=2):
            code = (row.get("code") or "").strip()
            if not code.isdigit() or not 2 <= len(code) <= 4:
                raise DataError(f"{path}:{n}: bad CAMEO code {code!r}")
            try:
                gold = float(row["goldstein"])
            except (TypeError, ValueError):
                raise DataError(f"{path}:{n}: goldstein must be a number") from None
            codes[code] = CodeInfo(
                code,
                row["name"].strip(),
                gold,
                (row.get("plover_type") or "").strip(),
                (row.get("plover_mode") or "").strip() or None,
                (row.get("plover_context") or "").strip() or None,
            )
    return Ontology(codes)
