"""Learning actor facts from what casus reads.

Reports say who stands behind whom: "Z, the spokesman of X", "Y-backed X", "X, a unit of Y",
"X, which fights under the leadership of Y", "Mohammad Naji, the head of the Badr faction in
parliament". :func:`learn_facts` reads those constructions in a parsed chunk and returns
:class:`Fact` records, each with the sentence it came from. A named organisation or person the
knowledge base does not know becomes a provisional actor (id ``prov:<slug>``) with a country
and sector inferred from context, so that it is counted and an analyst can promote it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from casus.actors.kb import normalize
from casus.actors.resolve import ActorResolver, DocActors
from casus.models import Actor

__all__ = ["Fact", "learn_facts", "provisional_id"]

# the head noun of an appositive or relative phrase → the relation it states
ROLE_RELATIONS = {
    "spokesman": "spokesman_of",
    "spokesperson": "spokesman_of",
    "spokeswoman": "spokesman_of",
    "head": "leader_of",
    "leader": "leader_of",
    "chief": "leader_of",
    "commander": "leader_of",
    "chairman": "leader_of",
    "founder": "leader_of",
    "secretary-general": "leader_of",
    "emir": "leader_of",
    "member": "member_of",
    "unit": "part_of",
    "faction": "part_of",
    "brigade": "part_of",
    "wing": "part_of",
    "branch": "part_of",
    "affiliate": "part_of",
    "offshoot": "part_of",
    "division": "part_of",
    "battalion": "part_of",
    "ally": "allied_with",
    "proxy": "backed_by",
}
PERSON_RELATIONS = {"spokesman_of", "leader_of", "member_of"}
LEADERSHIP_NOUNS = {"leadership", "command", "direction", "control", "supervision"}
BACKING_WORDS = {"backed", "supported", "sponsored", "funded", "armed", "trained", "financed"}
NAMED_LABELS = {"ORG", "PERSON", "NORP"}


@dataclass(frozen=True, slots=True)
class Fact:
    """One learned statement about an actor, traceable to its sentence."""

    subject_id: str  # a KB id, or prov:<slug> for an actor the KB does not know
    subject_text: str
    rel: str  # spokesman_of leader_of member_of part_of backed_by led_by allied_with mentioned
    object_id: str | None
    object_text: str | None
    country: str | None  # inferred for a provisional subject
    sector: str | None
    kind: str  # person | org
    doc_id: str
    date: str | None
    sentence: str
    start: int  # character offsets of the subject in the document
    end: int

    @property
    def key(self) -> str:
        """Stable id: the same fact from the same sentence of the same document is one fact."""
        raw = "|".join(
            (self.doc_id, str(self.start), self.subject_id, self.rel, self.object_id or "")
        )
        return hashlib.sha1(raw.encode()).hexdigest()[:16]

    @property
    def provisional(self) -> bool:
        return self.subject_id.startswith("prov:")

    def to_dict(self) -> dict:
        return {
            "fact_id": self.key,
            "subject_id": self.subject_id,
            "subject_text": self.subject_text,
            "rel": self.rel,
            "object_id": self.object_id,
            "object_text": self.object_text,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "provisional": self.provisional,
            "doc_id": self.doc_id,
            "date": self.date,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


def provisional_id(text: str) -> str:
    """``prov:`` and a slug of the name without its leading article."""
    name = normalize(text)
    name = re.sub(r"^(the|a|an)\s+", "", name)
    slug = re.sub(r"[^a-z0-9]+", "_", name).strip("_")
    return f"prov:{slug}"


def learn_facts(
    doc: Doc,
    ctx: DocActors,
    resolver: ActorResolver,
    *,
    doc_id: str,
    date: str | None,
    offset: int = 0,
) -> list[Fact]:
    """Facts stated in one parsed chunk (``offset``: its position in the document text)."""
    learner = _Learner(doc, ctx, resolver, doc_id, date, offset)
    for tok in doc:
        if tok.dep_ == "appos":
            learner.appositive(tok.head, tok)
        elif tok.dep_ == "relcl":
            learner.relative(tok.head, tok)
        if tok.lower_ in BACKING_WORDS and tok.dep_ in ("amod", "compound", "acl"):
            learner.backed(tok)
    learner.unknown_names()
    return list(dict.fromkeys(learner.facts))


class _Learner:
    def __init__(
        self,
        doc: Doc,
        ctx: DocActors,
        resolver: ActorResolver,
        doc_id: str,
        date: str | None,
        offset: int,
    ) -> None:
        self.doc, self.ctx, self.resolver = doc, ctx, resolver
        self.doc_id, self.date, self.offset = doc_id, date, offset
        self.facts: list[Fact] = []
        self.seen_subjects: set[int] = set()
        self.seen_names: set[str] = set()
        self._sent_starts: list[int] | None = None
        self._sents: list = []

    def _sentence(self, tok: Token):
        """The sentence of ``tok``, found by bisection (``Token.sent`` scans the document)."""
        if self._sent_starts is None:
            self._sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in self._sents]
        return self._sents[bisect.bisect_right(self._sent_starts, tok.i) - 1]

    # -- constructions ---------------------------------------------------------------------
    def appositive(self, name: Token, phrase: Token) -> None:
        """ "Hashem al-Mousawi, the spokesman of the group"; "Nujaba, a unit of the PMF";
        and the reverse, "the PMF commander, Abu Fadak"."""
        for subj, role in ((name, phrase), (phrase, name)):
            if not _is_named(subj, self.ctx):
                continue
            rel = ROLE_RELATIONS.get(_role_lemma(role))
            if rel is None:
                continue
            owner = self._owner(role)
            if owner is not None:
                self._add(subj, rel, owner, role)
                return

    def relative(self, name: Token, clause: Token) -> None:
        """ "X, which fights under the leadership of Y"; "X, which is backed by Y"; also
        "X, a PMF unit which fights under ...", the clause hung on the appositive."""
        if name.dep_ == "appos" and _is_named(name.head, self.ctx):
            name = name.head
        if not _is_named(name, self.ctx):
            return
        for t in clause.subtree:
            if t.lemma_.lower() in LEADERSHIP_NOUNS and t.dep_ == "pobj":
                of = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
                for p in of:
                    for obj in p.children:
                        if obj.dep_ == "pobj":
                            owner = self._actor(obj)
                            if owner is not None:
                                self._add(name, "led_by", owner, obj)
                                return
            if t.lemma_.lower() in BACKING_WORDS and t.tag_ == "VBN":
                for agent in t.children:
                    if agent.dep_ == "agent":
                        for obj in agent.children:
                            if obj.dep_ == "pobj":
                                owner = self._actor(obj)
                                if owner is not None:
                                    self._add(name, "backed_by", owner, obj)
                                    return

    def backed(self, word: Token) -> None:
        """ "Iranian-backed Harakat al-Nujaba", "the Tehran-backed Kata'ib Hezbollah"."""
        subj = word.head
        if word.dep_ == "acl":  # "Harakat al-Nujaba, backed by Iran"
            agents = [c for c in word.children if c.dep_ == "agent"]
            objs = [o for a in agents for o in a.children if o.dep_ == "pobj"]
        else:
            i = word.i
            prev = self.doc[i - 2] if i >= 2 and self.doc[i - 1].text == "-" else None
            objs = [prev] if prev is not None else []
            objs += [c for c in word.children if c.dep_ in ("npadvmod", "compound", "amod")]
        if not _is_named(subj, self.ctx):
            return
        for obj in objs:
            owner = self._actor(obj)
            if owner is not None:
                self._add(subj, "backed_by", owner, obj)
                return

    def unknown_names(self) -> None:
        """Named organisations and people the KB does not know, with what context says."""
        for ent in self.doc.ents:
            if ent.label_ not in ("ORG", "PERSON") or len(ent.text) < 4:
                continue
            if any(k in self.ctx.matches for k in range(ent.start, ent.end)):
                continue
            head = ent.root
            if head.i in self.seen_subjects or not head.is_title:
                continue
            single = len([t for t in ent if t.is_alpha and t.lower_ != "the"]) < 2
            if single and not (ent.text.isupper() and len(ent.text) >= 3):
                continue  # a surname or a one-word label says too little to count
            key = normalize(ent.text)
            if key in self.ctx.names or key in self.seen_names:
                continue  # one "mentioned" fact per name and document chunk is enough
            self.seen_names.add(key)
            actor = self._actor(head)
            kind = "person" if ent.label_ == "PERSON" else "org"
            self._add(head, "mentioned", actor, None, kind=kind)

    # -- helpers ---------------------------------------------------------------------------
    def _owner(self, role: Token) -> Actor | None:
        """The organisation a role phrase belongs to: "of X", "X's", "the X commander"."""
        for c in role.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "in", "within"):
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        actor = self._actor(obj)
                        if actor is not None:
                            return actor
        for c in role.lefts:
            if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i in self.ctx.matches:
                return self._actor(c)
        return None

    def _actor(self, tok: Token) -> Actor | None:
        return self.resolver.resolve_one(tok, self.ctx, date=self.date)

    def _add(
        self,
        subj: Token,
        rel: str,
        owner: Actor | None,
        evidence: Token | None,
        *,
        kind: str | None = None,
    ) -> None:
        span = _name_span(subj)
        text = span.text
        match = self.ctx.matches.get(subj.i)
        known = None
        if match is not None:
            entry, _ = self.resolver._choose(match)
            known = entry.id if entry is not None and entry.kind != "country" else None
        if kind is None:
            kind = "person" if subj.ent_type_ == "PERSON" or rel in PERSON_RELATIONS else "org"
            if rel in ("part_of", "backed_by", "led_by", "allied_with"):
                kind = "org"
        subject_id = known or provisional_id(text)
        object_id = None
        if owner is not None:
            object_id = owner.actor_id
            if object_id is None and owner.country and owner.sector in (None, "GOV"):
                object_id = owner.country.lower()  # "the spokesman of the Iraqi government"
            if object_id == subject_id:
                return
        if rel != "mentioned" and object_id is None:
            if known or owner is None:
                return  # "the spokesman of the group" with no named group: nothing certain
            rel = "mentioned"  # an unknown name still counts, with the context's country
        country, sector = (owner.country, owner.sector) if owner is not None else (None, None)
        if rel in ("backed_by", "allied_with", "led_by"):
            country, sector = None, None  # a patron's country is not the client's
        sent = self._sentence(subj)
        self.seen_subjects.add(subj.i)
        self.facts.append(
            Fact(
                subject_id=subject_id,
                subject_text=text,
                rel=rel,
                object_id=object_id,
                object_text=owner.text if owner is not None else None,
                country=country,
                sector=sector,
                kind=kind,
                doc_id=self.doc_id,
                date=self.date,
                sentence=sent.text.strip(),
                start=self.offset + span.start_char,
                end=self.offset + span.end_char,
            )
        )


def _role_lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma == "general" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "secretary":
        return "secretary-general"
    return lemma


def _is_named(tok: Token, ctx: DocActors) -> bool:
    if tok.pos_ != "PROPN":
        return False
    return tok.ent_type_ in NAMED_LABELS or tok.i in ctx.matches or tok.is_title


def _name_span(tok: Token):
    """The whole name a proper-noun head belongs to."""
    doc = tok.doc
    if tok.ent_iob_ != "O" and tok.ent_type_:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
                return doc[start : ent.end]
    left = tok.i
    while (
        left > 0
        and doc[left - 1].dep_ in ("compound", "punct")
        and (doc[left - 1].pos_ == "PROPN" or doc[left - 1].text == "-")
    ):
        left -= 1
    return doc[left : tok.i + 1]
