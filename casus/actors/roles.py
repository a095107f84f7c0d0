"""Dated offices: who held "president of Syria" on a given day.

Built from the ``holds_role`` links of the knowledge base, so that "the Syrian president" in a
2018 report is Bashar al-Assad and in a 2025 report is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from casus.actors.kb import ActorKB, normalize, valid_at

__all__ = ["RoleIndex", "canonical_role"]

# spellings and word orders of one office reduced to one key
_SPELLING = {"defence": "defense", "premier": "prime minister", "foreign affairs": "foreign"}
_OF_FORM = re.compile(r"^(secretary|minister|ministry) (?:of|for) (?:the )?(.+)$")
_QUALIFIERS = {"former", "ex", "late", "deputy", "vice", "acting", "interim", "then", "outgoing"}


def canonical_role(text: str) -> str:
    """ "Minister of Defence" and "defense minister" give one key: "defense minister"."""
    role = " ".join(normalize(text).replace("-", " ").split())
    for a, b in _SPELLING.items():
        role = re.sub(rf"\b{a}\b", b, role)
    m = _OF_FORM.match(role)
    if m:
        role = f"{m.group(2)} {m.group(1)}"
    return role


@dataclass(frozen=True, slots=True)
class _Term:
    entry_id: str
    start: str | None
    end: str | None


class RoleIndex:
    """(country entry id, canonical role) → terms of office."""

    def __init__(self, kb: ActorKB) -> None:
        self._terms: dict[tuple[str, str], list[_Term]] = {}
        self._surnames: dict[tuple[str, str], list[tuple[str, _Term]]] = {}
        for entry in kb.entries.values():
            surnames = {_surname(n) for n in (entry.name, *entry.aliases)} - {""}
            for link in entry.links:
                if link.rel not in ("holds_role", "leader_of", "head_of") or not link.role:
                    continue
                roles = {canonical_role(link.role)}
                if link.rel in ("leader_of", "head_of"):
                    roles.add("leader")
                for role in roles:
                    term = _Term(entry.id, link.start, link.end)
                    self._terms.setdefault((link.target, role), []).append(term)
                    if entry.kind == "person":
                        for surname in surnames:
                            self._surnames.setdefault((surname, role), []).append(
                                (link.target, term)
                            )

    def __len__(self) -> int:
        return len(self._terms)

    def holder(self, owner_id: str, role: str, date: str | None) -> str | None:
        """The one entry holding ``role`` for ``owner_id`` on ``date``; None if no date, no one,
        or more than one (an office shared or a hand-over on that day)."""
        if not date:
            return None
        words = canonical_role(role).split()
        if not words or words[0] in _QUALIFIERS:
            return None
        terms = self._terms.get((owner_id, " ".join(words)), [])
        found = {t.entry_id for t in terms if valid_at(t, date)}
        return found.pop() if len(found) == 1 else None

    def titled(self, title: str, surname: str, date: str | None) -> tuple[str | None, set[str]]:
        """ "President Bush": (the one entry with that surname who held that title on
        ``date``, or None) and the owners (countries, organisations) of every holder of it."""
        role = canonical_role(title)
        found = self._surnames.get((normalize(surname), role), [])
        if date:
            dated = [(o, t) for o, t in found if valid_at(t, date)]
            found = dated or found
        entries = {t.entry_id for _, t in found}
        owners = {o for o, _ in found}
        only = entries.pop() if len(entries) == 1 else None
        if date and only is None:
            valid = {t.entry_id for _, t in found if valid_at(t, date)}
            only = valid.pop() if len(valid) == 1 else None
        return only, owners


def _surname(name: str) -> str:
    words = [w for w in normalize(name).replace("-", " ").split() if w not in ("jr", "sr")]
    return words[-1] if len(words) >= 2 else ""
