"""Resolve noun phrases in a spaCy parse to :class:`~casus.models.Actor` records.

One :class:`DocActors` is made per document: it finds every knowledge-base surface form in
the text once, and keeps a salience list so that pronouns ("he", "its forces") and definite
descriptions ("the group") resolve to the last compatible actor before them.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, POS, SPACY
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from casus.actors.kb import ActorKB, KBEntry, Surface, normalize, valid_at
from casus.actors.places import PlaceIndex
from casus.actors.roles import RoleIndex
from casus.doctext import doc_text
from casus.models import Actor

__all__ = ["ActorResolver", "DocActors", "Match"]

MAX_NGRAM = 8
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "bint", "ul", "ad", "as", "ash"}
FUZZY_LABELS = {"ORG", "PERSON", "NORP", "GPE", "FAC"}
FUZZY_MIN_CHARS = 9  # shorter names differ by one letter too often to guess
FUZZY_CUTOFF = 91.0  # rapidfuzz ratio: one letter wrong in a 12-letter name is 92
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
ALL_PRONOUNS = frozenset(PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS)
SALIENCE_DEPTH = 400  # mentions back in which antecedents are sought
PRONOUN_WINDOW = 400  # characters back in which a subject is preferred as antecedent
RELATIVE_PRONOUNS = {"that", "which", "who", "whom", "whose"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
BACKED_WORDS = {
    "backed",
    "supported",
    "sponsored",
    "funded",
    "armed",
    "allied",
    "aligned",
    "affiliated",
    "linked",
    "controlled",
    "trained",
    "financed",
    "run",
    "based",
    "friendly",
}
AFFILIATION_ADJ = {"close", "loyal", "allied", "linked", "affiliated", "aligned", "tied"}
BOUNDARIES = frozenset({"border", "frontier", "boundary"})
# agreements: the one who "brokered" or "mediated" one is no side of it
PACTS = frozenset({"deal", "agreement", "accord", "pact", "treaty", "truce", "ceasefire"})
AFFILIATION_WORDS = frozenset(AFFILIATION_ADJ | BACKED_WORDS)
# a group "linked to" or "loyal to" an actor is taken for part of it; one "backed by" is not
MEMBERSHIP_WORDS = frozenset({"linked", "tied", "affiliated", "loyal", "connected", "belonging"})
RELATIONAL = {
    "ally",
    "enemy",
    "friend",
    "proxy",
    "neighbour",
    "neighbor",
    "partner",
    "rival",
    "opponent",
    "supporter",
    "backer",
    "foe",
    "adversary",
    "client",
    "patron",
    "sponsor",
    "critic",
    "counterpart",
}
GROUP_HEADS = {
    "force",
    "member",
    "fighter",
    "unit",
    "troop",
    "man",
    "people",
    "official",
    "representative",
    "delegation",
    "leadership",
    "side",
    "camp",
    "wing",
    "branch",
}
GENERIC_DEFINITES = {
    "group": None,
    "militia": "PRM",
    "movement": None,
    "organization": None,
    "organisation": None,
    "faction": None,
    "country": "COUNTRY",
    "nation": "COUNTRY",
    "regime": "GOV",
    "government": "GOV",
    "army": "MIL",
    "military": "MIL",
    "rebel": "REB",
    "insurgent": "REB",
    "militant": None,
    "alliance": None,
    "bloc": None,
    "party": "PTY",
    "coalition": None,
}
# heads whose modifier tells the sector: "rebel commander", "militia leader", "army spokesman"
MODIFIED_HEADS = {
    "group",
    "force",
    "commander",
    "leader",
    "chief",
    "head",
    "spokesman",
    "spokeswoman",
    "spokesperson",
}
# the rank and file of a named armed group stand for the group ("Hamas fighters"); one member
# or a ranked officer is a person affiliated with it ("a PMF commander")
ARMED_SECTORS = {"MIL", "PRM", "REB", "UAF", "SPY"}
RANKS = {"commander", "commander-in-chief", "officer", "general", "colonel", "chief", "leader"}
# roles that, said of a country alone, speak for its government: "US officials", "a Saudi envoy"
STATE_ROLES = {
    "official",
    "senior official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press secretary",
    "representative",
    "envoy",
    "special envoy",
    "emissary",
    "delegation",
    "delegate",
    "negotiator",
    "mediator",
    "leader",
    "aide",
    "adviser",
    "advisor",
}
USING_VERBS = {"use", "operate", "hold", "control", "run", "man", "occupy", "house", "host", "own"}
KIND_RANK = {"org": 3, "person": 3, "igo": 2, "country": 1}
WORDS_MAX = 50_000  # words whose normal form a resolver keeps once computed (then starts over)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    surfaces: tuple[Surface, ...]


@dataclass(slots=True)
class _Salient:
    index: int
    actor: Actor
    kind: str  # person | group | country
    plural: bool
    lemma: str = ""
    subject: bool = False
    group: int = -1  # position of the head of the coordination this mention belongs to


@dataclass(slots=True)
class DocActors:
    doc: Doc
    matches: dict[int, Match] = field(default_factory=dict)  # token index -> match covering it
    salience: list[_Salient] = field(default_factory=list)
    offset: int = 0  # character offset of this parsed chunk in the document text
    names: dict[str, Actor] = field(default_factory=dict)  # surname -> actor, for "Naji said"
    memo: dict[int, Actor | None] = field(default_factory=dict)  # head index -> resolution
    texts: dict[int, str] = field(default_factory=dict)  # head index -> phrase text
    salient_at: set[int] = field(default_factory=set)  # positions already in salience
    sent: Span | None = None  # the sentence being coded
    skip: set[int] = field(default_factory=set)  # tokens that name no actor (a wire dateline)

    def mask(self, start: int, end: int) -> None:
        """Tokens within characters [start, end) of this chunk name no actor."""
        for i, idx in enumerate(self.doc.to_array(IDX).tolist()):  # no Token objects
            if start <= idx < end:
                self.skip.add(i)
                self.matches.pop(i, None)

    def text_of(self, head: Token) -> str:
        found = self.texts.get(head.i)
        if found is None:
            found = self.texts[head.i] = _span_text(head)
        return found

    def recent(self) -> list[_Salient]:
        """The latest mentions, newest first: antecedents are looked for this far back only,
        which keeps resolution linear in long documents."""
        return self.salience[: -SALIENCE_DEPTH - 1 : -1]

    def pos(self, tok: Token) -> int:
        return tok.idx + self.offset


class ActorResolver:
    """Turns noun phrase heads into Actors using an :class:`ActorKB`."""

    def __init__(self, kb: ActorKB, places: PlaceIndex | None = None) -> None:
        self.kb = kb
        self.places = places
        self._fuzzy_cache: dict[str, str | None] = {}
        self._country_keys = sorted(
            key
            for key, surfaces in kb.surfaces.items()
            if " " not in key
            and len(key) >= 5
            and any(
                kb.entries[s.entry_id].kind == "country"
                for s in surfaces
                if s.entry_id in kb.entries
            )
        )
        self._first_words = {_first_word(key) for key in kb.surfaces}
        self.roles = RoleIndex(kb)
        self._fuzzy_buckets: dict[str, list[str]] | None = None
        self._fuzzy_names: dict[str, str | None] = {}
        # word -> (its normal form, whether a surface form starts with it), across documents
        self._words: dict[str, tuple[str, bool]] = {}
        # the same by a token's ORTH id, with its text: (normal form, starts a form, text)
        self._orths: dict[int, tuple[str, bool, str]] = {}

    def _word(self, text: str) -> tuple[str, bool]:
        found = self._words.get(text)
        if found is None:
            if len(self._words) >= WORDS_MAX:
                self._words.clear()
            norm = normalize(text)
            found = self._words[text] = (norm, _first_word(norm) in self._first_words)
        return found

    # -- finding surface forms -------------------------------------------------------------
    def index(self, doc: Doc) -> DocActors:
        """Find every knowledge-base surface form in ``doc`` (longest match first)."""
        out = DocActors(doc)
        n = len(doc)
        # one array read instead of a Token object per token and attribute
        rows = doc.to_array([ORTH, SPACY, IS_PUNCT, IS_SPACE]).tolist()
        strings = doc.vocab.strings
        orths = self._orths
        words: list[tuple[str, bool, str]] = []
        for r in rows:
            found = orths.get(r[0])
            if found is None:
                if len(orths) >= WORDS_MAX:
                    orths.clear()
                text = strings[r[0]]
                found = orths[r[0]] = (*self._word(text), text)
            words.append(found)
        texts = [w[2] for w in words]
        spaces = [" " if r[1] else "" for r in rows]
        puncts = [bool(r[2] or r[3]) for r in rows]
        norms = [w[0] for w in words]
        surfaces_of = self.kb.surfaces
        i = 0
        while i < n:
            if puncts[i] or not words[i][1]:
                i += 1
                continue
            found: Match | None = None
            stop = min(n, i + MAX_NGRAM)
            keys = []
            key = ""
            for k in range(i, stop):
                key += norms[k]
                keys.append(key)
                key += spaces[k]
            for j in range(stop, i, -1):
                if puncts[j - 1] and j - i > 1:
                    continue
                key = keys[j - i - 1]
                surfaces = surfaces_of.get(key)
                if not surfaces and "'" in key:
                    # "Kata'ib Hizbullah" for the KB's "Kataib Hizbullah"
                    key = key.replace("'", "")
                    surfaces = surfaces_of.get(key)
                if (
                    surfaces
                    and key in self.kb.caps_only
                    and not "".join(texts[i:j]).replace(".", "").isupper()
                ):
                    surfaces = None
                if surfaces:
                    found = Match(i, j, tuple(surfaces))
                    break
            if found is None:
                i += 1
                continue
            for k in range(found.start, found.end):
                out.matches[k] = found
            i = found.end
        self._fuzzy_entities(doc, out)
        return out

    def _fuzzy_entities(self, doc: Doc, out: DocActors) -> None:
        """Named entities that miss the KB by a typo or a transliteration ("Hash al-Shaabi",
        "Hashem al-Musawi") match the closest multi-word name of a named actor."""
        spans = [e for e in doc.ents if e.label_ in FUZZY_LABELS] + _proper_runs(doc)
        for span in spans:
            if any(k in out.matches for k in range(span.start, span.end)):
                continue
            toks = [t for t in span if not (t.i == span.start and t.lower_ == "the")]
            if not toks or toks[-1].i - toks[0].i < 1:
                continue
            query = normalize(doc[toks[0].i : toks[-1].i + 1].text)
            if len(query) < FUZZY_MIN_CHARS:
                continue
            key = self._fuzzy_key(query)
            if key is None:
                continue
            found = Match(toks[0].i, toks[-1].i + 1, tuple(self.kb.surfaces[key]))
            for k in range(found.start, found.end):
                out.matches[k] = found

    def _fuzzy_key(self, query: str) -> str | None:
        if query in self._fuzzy_names:
            return self._fuzzy_names[query]
        if self._fuzzy_buckets is None:
            buckets: dict[str, list[str]] = {}
            for key, surfaces in self.kb.surfaces.items():
                if (
                    len(key) >= FUZZY_MIN_CHARS
                    and (" " in key or "-" in key)
                    and any(
                        self.kb.entries[s.entry_id].kind in ("org", "person", "igo")
                        for s in surfaces
                        if s.entry_id in self.kb.entries
                    )
                ):
                    buckets.setdefault(key[0], []).append(key)
            self._fuzzy_buckets = buckets
        best = process.extractOne(
            query,
            self._fuzzy_buckets.get(query[0], []),
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF,
        )
        key = best[0] if best is not None and abs(len(best[0]) - len(query)) <= 2 else None
        self._fuzzy_names[query] = key
        return key

    # -- resolution ------------------------------------------------------------------------
    def resolve(
        self, head: Token, ctx: DocActors, *, date: str | None = None, expand_conj: bool = True
    ) -> list[Actor]:
        """Actors named by the noun phrase headed by ``head``, one per coordinated member."""
        if head.lower_ in GROUP_PRONOUNS:
            members = self._group_antecedent(head, ctx)
            if members:
                return members  # "Obama and Putin said they will ..."
        heads = [head]
        if expand_conj:
            heads += [t for t in _conjuncts(head)]
            m = ctx.matches.get(head.i)
            if m is not None:
                # "Barack Obama and Vladimir Putin" parsed with the list under "Obama"
                for k in range(m.start, m.end):
                    t = ctx.doc[k]
                    if k != head.i:
                        heads += [c for c in _conjuncts(t) if c not in heads]
        out: list[Actor] = []
        for h in heads:
            actors = (
                self._coordinated_modifiers(h, ctx, date) if h.pos_ in ("NOUN", "PROPN") else []
            )
            whole = _quantity_of(h) if not actors and expand_conj else None
            if whole is not None:
                # "scores of Sierra Leonean and Liberian refugees": one actor per member
                actors = [a for a in self.resolve(whole, ctx, date=date) if a.country]
                actors = actors if len(actors) > 1 else []
            if not actors:
                actor = self.resolve_one(h, ctx, date=date)
                actors = [actor] if actor is not None else []
            if expand_conj and len(actors) == 1 and h.tag_ in ("NNS", "NNPS"):
                actors = self._of_coordinated(h, actors[0], ctx, date) or actors
            for actor in actors:
                if actor not in out:
                    out.append(actor)
        return out

    def _of_coordinated(
        self, head: Token, actor: Actor, ctx: DocActors, date: str | None
    ) -> list[Actor]:
        """"the foreign ministers of Egypt and Jordan": people of several countries named
        in their "of" phrase, one actor per country, each with the people's sector."""
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ != "of":
                continue
            for p in c.children:
                if p.dep_ != "pobj" or not _conjuncts(p):
                    continue
                owners = [self.resolve_one(t, ctx, date=date) for t in [p, *_conjuncts(p)]]
                owners = [o for o in owners if o is not None and o.country]
                countries = {o.country for o in owners}
                if len(countries) < 2 or actor.country not in countries:
                    return []
                return [
                    actor if o.country == actor.country else _with_text(
                        self._make(actor.text, o.country, actor.sector, []), actor.text
                    )
                    for o in owners
                ]
        return []

    def agentive(self, head: Token) -> bool:
        """Whether the noun names people or a body that acts ("the air force", "police"), so
        that an event noun spelt the same ("force") is not what it means here."""
        sector, kind = self._sector(head, _core_tokens(head))
        return sector is not None and kind != "thing"

    def owner_of_thing(
        self, head: Token, ctx: DocActors, *, date: str | None = None
    ) -> Actor | None:
        """ "a Turkish border post", "Iranian oil exports", "a Hezbollah arms depot": a thing
        named with its owner stands, as the target of an act, for the owner. Not an actor
        anywhere else ("Iranian oil" does nothing)."""
        if head.pos_ not in ("NOUN", "PROPN") or head.i in ctx.skip:
            return None
        lemma = head.lemma_.lower()
        children = list(head.children)
        if lemma in BOUNDARIES:
            # "its border with Colombia": the other side of a border is the one it faces
            other = self._object_actor(
                (c for c in children if c.dep_ == "prep" and c.lower_ == "with"),
                ctx,
                date,
                country_only=True,
            )
            if other is not None:
                return other
        core = _core_tokens(head)
        if self._sector(head, core)[0] is not None:
            return None  # people are resolved as people
        owner = self._object_actor(
            # "olive trees belonging to Palestinian farmers", "a ship owned by a Greek firm"
            (
                g
                for c in children
                if c.dep_ == "acl" and c.lower_ in ("belonging", "owned", "run", "operated")
                for g in c.children
                if g.dep_ in ("prep", "agent") and g.lower_ in ("to", "by")
            ),
            ctx,
            date,
        ) or (
            # "a deadline set by the Security Council", "a plan drawn up by France"; but "a
            # deal brokered by China" is not China's side of the deal
            self._object_actor(
                (
                    g
                    for c in children
                    if c.dep_ == "acl" and c.tag_ == "VBN"
                    for g in c.children
                    if g.dep_ == "agent"
                ),
                ctx,
                date,
            )
            if lemma not in PACTS
            else None
        )
        if owner is None and lemma not in PACTS:
            # "the killings by Ethiopian troops", "violations by the Israeli military": an act
            # stands, as the target of another, for who did it
            owner = self._object_actor(
                (c for c in children if c.dep_ in ("prep", "agent") and c.lower_ == "by"),
                ctx,
                date,
            )
        if owner is not None:
            return owner
        relational = lemma in RELATIONAL
        for m in _distinct_matches(core, ctx):
            entry, _ = self._choose(m)
            if entry is None or _is_backing_modifier(ctx.doc, m):
                continue
            if entry.kind == "country" and _ethnic(ctx.doc, m.start):
                continue  # "three ethnic Serbs": a people, not Serbia's
            if relational and _in_possessor(ctx.doc, m, head):
                continue  # "Israel's ally" is not Israel; "its EU partners" are the EU's
            text = ctx.text_of(head)
            if entry.kind == "country":
                return self._make(text, entry.country, None, [])
            return _with_text(self._from_entry(entry, text, date), text)
        return None

    def _object_actor(
        self,
        preps: Iterable[Token],
        ctx: DocActors,
        date: str | None,
        *,
        country_only: bool = False,
    ) -> Actor | None:
        """The first object of ``preps`` that resolves to a placed actor (with a country, when
        ``country_only``)."""
        for g in preps:
            for p in g.children:
                if p.dep_ == "pobj":
                    actor = self.resolve_one(p, ctx, date=date)
                    if actor is not None and (
                        actor.country or (actor.actor_id and not country_only)
                    ):
                        return actor
        return None

    def _member_of(self, children: list[Token], ctx: DocActors) -> KBEntry | None:
        """The actor an unnamed group belongs to by a membership phrase to its right
        ("linked to North Korea", "loyal to Baghdad"); not one that only backs it."""
        for c in children:
            if c.dep_ in ("amod", "acl") and c.lower_ in MEMBERSHIP_WORDS:
                for g in c.subtree:
                    m = ctx.matches.get(g.i)
                    if m is not None:
                        entry, _ = self._choose(m)
                        if entry is not None:
                            return entry
        return None

    def _coordinated_modifiers(self, head: Token, ctx: DocActors, date: str | None) -> list[Actor]:
        """ "Hungarian and Romanian officials", "Saudi money and Zionists' provocation": one
        actor per coordinated country modifier."""
        for mod in head.lefts:
            if mod.dep_ not in ("amod", "compound", "nmod", "poss"):
                continue
            members = [mod] + _conjuncts(mod)
            if len(members) < 2:
                continue
            countries: list[KBEntry] = []
            for m in members:
                found = None
                for t in m.subtree:
                    match = ctx.matches.get(t.i)
                    if match is not None:
                        entry, _ = self._choose(match)
                        if entry is not None and not _is_backing_modifier(ctx.doc, match):
                            found = entry
                            break
                if found is None:
                    return []
                countries.append(found)
            if len({e.id for e in countries}) < 2:
                return []
            sector, _ = self._sector(head, _core_tokens(head))
            text = ctx.text_of(head)
            return [
                self._from_entry(e, text, date)
                if e.kind != "country"
                else self._make(text, e.country, sector, [])
                for e in countries
            ]
        return []

    def resolve_one(
        self, head: Token, ctx: DocActors, *, date: str | None = None, depth: int = 0
    ) -> Actor | None:
        if depth > 3:
            return None
        if depth == 0:
            if head.i in ctx.memo:
                return ctx.memo[head.i]
            actor = self._resolve_one(head, ctx, date=date, depth=0)
            if actor is not None and date and (actor.sector or actor.country):
                actor = self._office_holder(head, actor, ctx, date) or actor
            ctx.memo[head.i] = actor
            return actor
        return self._resolve_one(head, ctx, date=date, depth=depth)

    def _resolve_one(
        self, head: Token, ctx: DocActors, *, date: str | None, depth: int
    ) -> Actor | None:
        if head.i in ctx.skip:
            return None
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.i not in ctx.matches:
            # "a resolution that aims to ...": the relative pronoun stands for its noun
            clause = head.head
            while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
                return self.resolve_one(clause.head, ctx, date=date, depth=depth + 1)
            return None
        if head.pos_ == "PRON" or lower in ALL_PRONOUNS:
            return self._pronoun(head, ctx)
        core = _core_tokens(head)
        text = ctx.text_of(head)
        children = list(head.children)  # each Token object made once, not once per loop
        if (
            lower in QUANTITY_HEADS
            and head.dep_ == "nsubj"
            and head.i not in ctx.matches
            and _quantity_of(head) is None
        ):
            # "Thousands rallied in Tbilisi": a crowd nobody names, which the act places
            return Actor(text=text, sector="CVL")
        # possessor of a generic group noun: "its forces", "Iran's troops"
        poss = [c for c in children if c.dep_ == "poss"]
        lemma = head.lemma_.lower()
        if poss and lemma in RELATIONAL:
            patron = self.resolve_one(poss[0], ctx, date=date, depth=depth + 1)
            return Actor(text=text, affiliations=_ids(patron)) if patron else None
        if poss and lemma in GROUP_HEADS:
            owner = self.resolve_one(poss[0], ctx, date=date, depth=depth + 1)
            if owner is not None:
                own = self._sector(head, core)[0] or (
                    "GOV" if normalize(head.lemma_) in STATE_ROLES else None
                )
                if own and owner.country and owner.actor_id == owner.country.lower():
                    return self._make(text, owner.country, own, [])  # a bare country's troops
                return _with_text(owner, text)
        if head.ent_type_ == "PERSON" and head.i not in ctx.matches:
            known = ctx.names.get(normalize(head.text))
            if known is not None and not any(c.dep_ == "appos" for c in children):
                return _with_text(known, text)
        affiliations: list[str] = []
        best: tuple[int, KBEntry, Surface, Match] | None = None
        sector, kind = self._sector(head, core)
        for m in _distinct_matches(core, ctx):
            entry, surface = self._choose(m)
            if entry is None:
                continue
            if entry.kind == "country" and _ethnic(ctx.doc, m.start):
                continue  # "ethnic Albanians" of Macedonia: a people, not the kin state
            if _is_backing_modifier(ctx.doc, m):
                affiliations.append(entry.id)
                continue
            if _inside_poss_of_relational(ctx.doc, m, head):
                affiliations.append(entry.id)
                continue
            covers_head = m.start <= head.i < m.end
            rank = (
                KIND_RANK.get(entry.kind, 0) * 10 + (100 if covers_head else 0) + (m.end - m.start)
            )
            if _in_possessor(ctx.doc, m, head):
                if kind == "" and entry.kind == "country" and head.pos_ == "NOUN":
                    rank += 25  # "Finland's NATO membership bid" is Finland's, not NATO's
                else:
                    rank -= 25  # "Osama bin Laden's al-Qaeda network" is al-Qaeda's
            if best is None or rank > best[0]:
                best = (rank, entry, surface, m)
        # affiliation phrases to the right: "close to Tehran", "backed by Iran"
        for c in children:
            if c.dep_ in ("amod", "acl") and (
                c.lower_ in AFFILIATION_WORDS or c.lemma_.lower() in AFFILIATION_WORDS
            ):
                for g in c.subtree:
                    m = ctx.matches.get(g.i)
                    if m is not None:
                        entry, _ = self._choose(m)
                        if entry is not None and entry.id not in affiliations:
                            affiliations.append(entry.id)
        named_org = (
            best is not None
            and best[1].kind in ("org", "igo")
            and (
                best[3].start <= head.i < best[3].end
                or not _in_possessor(ctx.doc, best[3], head)
            )
        )
        if (kind == "role" and not named_org) or (
            best is None and lemma in {"head", "leader", "chief", "member"}
        ):
            owner = self._of_owner(head, ctx, date, depth, preps=("of", "for"))
            if owner is not None:
                return Actor(
                    text=text,
                    actor_id=None,
                    name=None,
                    country=owner.country,
                    sector=owner.sector,
                    cameo_actor=owner.cameo_actor,
                    affiliations=tuple(
                        dict.fromkeys(
                            ((owner.actor_id,) if owner.actor_id else ()) + owner.affiliations
                        )
                    ),
                )
        if kind == "thing" and (best is None or not best[3].start <= head.i < best[3].end):
            return None  # "Iranian oil", "the Syrian civil war": a thing, not an actor
        if best is not None:
            _, entry, surface, m = best
            armed_member = (
                entry.kind in ("org", "igo")
                and entry.sector in ARMED_SECTORS
                and sector in ARMED_SECTORS
                and not _in_possessor(ctx.doc, m, head)
                and not m.start <= head.i < m.end
                and kind != "role"
            )
            if armed_member and head.tag_ in ("NNS", "NNPS") and lemma not in RANKS:
                # "Hamas fighters", "IDF soldiers", "Fano militias": the group itself
                return self._from_entry(entry, text, date, extra_aff=affiliations)
            if armed_member:
                sector = entry.sector  # "a PMF commander" serves in a paramilitary force
            if entry.kind in ("org", "person", "igo") and (
                m.start <= head.i < m.end or sector is None or (kind == "role" and named_org)
            ):
                # "a Houthi military spokesman" speaks for the Houthis
                actor = self._from_entry(entry, text, date, extra_aff=affiliations)
                if entry.kind == "person":
                    ctx.names[normalize(ctx.doc[m.end - 1].text)] = actor
                return actor
            if entry.kind in ("org", "igo") and sector and kind in ("person", "role", "agent"):
                # "a PMF commander", "Hamas fighters": a member of the organisation
                aff = [entry.id, *self.kb.affiliations(entry.id, date), *affiliations]
                return self._make(text, entry.country, sector, list(dict.fromkeys(aff)))
            country = entry.country
            if entry.kind == "country" and m.start <= head.i < m.end and surface.form in (
                "name",
                "alias",
            ):
                sector = None  # "the Soviet Union": the name's last word is no labour union
            sec = sector or surface.sector or (entry.sector if entry.kind != "country" else None)
            if sec is None and entry.kind == "country" and normalize(head.lemma_) in STATE_ROLES:
                sec = "GOV"  # "US officials", "a Saudi envoy"
            if entry.kind in ("org", "igo") and not sector:
                return self._from_entry(entry, text, date, extra_aff=affiliations)
            return self._make(text, country, sec, affiliations, kind=entry.kind)
        # appositive or "of"/"in" complement: "Hashem al-Mousawi, the spokesman of the group"
        for c in children:
            if c.dep_ == "appos":
                owner = self.resolve_one(c, ctx, date=date, depth=depth + 1)
                if owner is not None:
                    person = Actor(
                        text=text,
                        country=owner.country,
                        sector=owner.sector,
                        cameo_actor=owner.cameo_actor,
                        affiliations=owner.affiliations,
                    )
                    if head.ent_type_ == "PERSON":
                        ctx.names[normalize(head.text)] = person
                    return person
        if sector is not None or head.ent_type_ in ("PERSON", "ORG", "NORP"):
            owner = self._of_owner(head, ctx, date, depth, preps=("in", "of", "from"))
            if owner is not None and owner.country:
                return self._make(
                    text,
                    owner.country,
                    sector or owner.sector,
                    affiliations
                    + list(
                        _ids(owner)
                        if owner.actor_id and owner.actor_id != owner.country.lower()
                        else []
                    ),
                )
            if sector is not None and head.pos_ == "PROPN":
                # "President Bush" names an office holder before any earlier government does
                titled = self._titled(head, text, sector, affiliations, date)
                if titled is not None:
                    ctx.names[normalize(head.text)] = titled
                    return titled
            if sector is not None and _is_definite_or_bare(head):
                prior = self._salient_by_sector(head, ctx, sector)
                if prior is not None:
                    return self._make(
                        text, prior.country, sector, affiliations or list(prior.affiliations)
                    )
            if sector is not None and head.pos_ == "PROPN":
                titled = self._titled(head, text, sector, affiliations, date)
                if titled is not None:
                    ctx.names[normalize(head.text)] = titled
                    return titled
            if sector is not None and head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
                # "President Yoweri Museveni banned Ugandan opposition candidates": a titled
                # person nobody introduced belongs to the country the sentence is about
                focus = self._focus_country(head, ctx)
                if focus is not None:
                    person = self._make(text, focus, sector, affiliations)
                    person = Actor(
                        text=person.text,
                        country=person.country,
                        sector=sector,
                        cameo_actor=person.cameo_actor,
                        affiliations=tuple(affiliations),
                    )
                    ctx.names[normalize(head.text)] = person
                    return person
            if sector is not None and affiliations:
                member = self._member_of(children, ctx)
                if (
                    member is not None
                    and member.country
                    and not (member.cameo or "").startswith("IMG")
                ):
                    # "hackers linked to North Korea", "gunmen loyal to the general"; not
                    # "militants linked to al-Qaeda", whose affiliates are local
                    return self._make(text, member.country, sector, affiliations)
            if sector is not None:
                focus = self._focus_country(head, ctx, unique=True)
                if focus is not None and head.pos_ in ("NOUN", "PROPN"):
                    # "police arrested demonstrators in Lagos": one country in the sentence
                    return self._make(text, focus, sector, affiliations)
                return Actor(text=text, sector=sector, affiliations=tuple(affiliations))
        if lemma in GENERIC_DEFINITES and _is_definite_or_bare(head):
            prior = self._salient_generic(head, ctx, GENERIC_DEFINITES[lemma])
            if prior is not None:
                return _with_text(prior, text)
        user = self._used_by(head, ctx, date, depth)
        if user is not None:
            return user
        place = self._place(head) if not _ethnic(ctx.doc, head.i) else None
        if place is not None:
            return place
        if head.pos_ in ("NOUN", "NUM", "PROPN") and depth < 2:
            # "thousands of Nigerians", "a camp for Congolese refugees", "offices of X"
            owner = self._of_owner(head, ctx, date, depth, preps=("of", "for", "from", "in"))
            if owner is not None and (owner.country or owner.actor_id):
                return _with_text(owner, text)
            crowd = _quantity_of(head) if head.dep_ == "nsubj" else None
            if crowd is not None and self._sector(crowd, [crowd])[0] == "CVL":
                # "thousands of people rallied": a crowd nobody names, which the act places
                return Actor(text=text, sector="CVL")
        return None

    def _used_by(
        self, head: Token, ctx: DocActors, date: str | None, depth: int
    ) -> Actor | None:
        """ "an air base used by American troops", "a port held by the rebels": a site is on
        the side of those who use or hold it."""
        if head.pos_ != "NOUN" or depth >= 2:
            return None
        for c in head.children:
            if c.dep_ != "acl" or c.tag_ != "VBN" or c.lemma_.lower() not in USING_VERBS:
                continue
            for agent in (a for a in c.children if a.dep_ == "agent"):
                for p in (p for p in agent.children if p.dep_ == "pobj"):
                    owner = self.resolve_one(p, ctx, date=date, depth=depth + 1)
                    if owner is not None and (owner.country or owner.actor_id):
                        return _with_text(owner, ctx.text_of(head))
        return None

    def _office_holder(self, head: Token, actor: Actor, ctx: DocActors, date: str) -> Actor | None:
        """ "the Syrian president", "Iran's foreign minister", "the president of Syria": the
        person who held that office on the event's date, when the KB knows exactly one."""
        if head.tag_ not in ("NN", "NNP", "JJ") or head.i in ctx.matches:
            return None
        if actor.actor_id and self.kb.entries.get(actor.actor_id, None) is not None:
            if self.kb.entries[actor.actor_id].kind == "person":
                return None
        words: list[str] = []
        for t in head.lefts:
            if t.dep_ == "det" and t.lower_ in ("a", "an", "any", "another", "each", "every"):
                return None
            if t.dep_ in ("det", "poss", "case", "punct"):
                continue
            if t.i in ctx.matches:
                continue  # the country or organisation that owns the office
            if t.dep_ not in ("amod", "compound"):
                return None
            words.append(t.lower_)
        if any(c.dep_ in ("appos", "relcl") for c in head.children):
            return None
        role = " ".join([*words, head.lower_])
        for c in head.rights:  # "secretary of state", "minister of defence"
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                objs = [o for o in c.children if o.dep_ == "pobj" and o.i not in ctx.matches]
                if objs:
                    role += f" {c.lower_} " + " ".join(t.lower_ for t in objs[0].subtree)
        owners = [actor.actor_id, *actor.affiliations]
        if actor.country:
            owners.append(self.kb.country_by_iso.get(actor.country.upper()))
        for owner in dict.fromkeys(o for o in owners if o):
            holder = self.roles.holder(owner, role, date)
            if holder is not None:
                return self._from_entry(self.kb.entries[holder], actor.text, date)
        return None

    def _titled(
        self, head: Token, text: str, sector: str, affiliations: list[str], date: str | None
    ) -> Actor | None:
        """ "President Bush", "Prime Minister Netanyahu": a title and a surname the KB knows
        as a holder of that office; the person on the date, else the office's country when
        every holder of that name shares it."""
        comps = [t for t in head.lefts if t.dep_ == "compound"]
        for k in range(len(comps), 0, -1):
            title = " ".join(t.text for t in comps[:k])
            only, owners = self.roles.titled(title, head.text, date)
            if only is not None and only in self.kb.entries:
                return self._from_entry(self.kb.entries[only], text, date)
            if len(owners) == 1:
                owner = self.kb.entries.get(next(iter(owners)))
                if owner is not None and owner.kind == "country":
                    return self._make(text, owner.country, sector, affiliations)
        return None

    def _focus_country(self, head: Token, ctx: DocActors, *, unique: bool = False) -> str | None:
        """The country most named in the head's sentence (first named on a tie)."""
        counts: dict[str, int] = {}
        order: list[str] = []
        sent = ctx.sent
        if sent is None or not sent.start <= head.i < sent.end:
            sent = head.sent  # a scan of the document; the coder sets ctx.sent
        for m in _distinct_matches(sent, ctx):
            entry, surface = self._choose(m)
            if entry is None or not entry.country or len(entry.country) != 3:
                continue
            if _is_backing_modifier(ctx.doc, m):
                continue  # "Tehran-backed militias": the patron, not the militias' country
            if entry.kind == "igo":
                continue
            if surface.form in ("name", "alias") and _adversary_object(ctx.doc, m):
                # "President Bush threatened action against Russia": a country named as the
                # object of the act is the other side, not the actor's own
                continue
            if entry.country not in counts:
                order.append(entry.country)
            counts[entry.country] = counts.get(entry.country, 0) + 1
        if not order or (unique and len(order) > 1):
            return None
        return max(order, key=lambda c: (counts[c], -order.index(c)))

    def _fuzzy_country(self, head: Token) -> Actor | None:
        """A misspelt country name ("Ethopia"): one close match among country names."""
        if head.ent_type_ not in ("GPE", "NORP", "") or len(head.text) < 5 or not head.is_title:
            return None
        if head.pos_ != "PROPN" and head.ent_type_ == "":
            return None
        key = normalize(head.text)
        if key not in self._fuzzy_cache:
            pool = [k for k in self._country_keys if k[0] == key[0] and abs(len(k) - len(key)) <= 2]
            close = difflib.get_close_matches(key, pool, n=3, cutoff=0.86)
            ids = {
                s.entry_id
                for k in close
                for s in self.kb.surfaces[k]
                if self.kb.entries[s.entry_id].kind == "country"
            }
            # nothing close, or close to two countries: no guess
            self._fuzzy_cache[key] = ids.pop() if len(ids) == 1 else None
        found = self._fuzzy_cache[key]
        if found is None:
            return None
        entry = self.kb.entries[found]
        return Actor(
            text=head.text,
            actor_id=entry.id,
            name=entry.name,
            country=entry.country,
            cameo_actor=entry.country,
        )

    def _place(self, head: Token) -> Actor | None:
        fuzzy = self._fuzzy_country(head)
        if fuzzy is not None:
            return fuzzy
        if self.places is None or head.ent_type_ not in ("GPE", "LOC", "FAC"):
            return None
        start = head.i
        while start > 0 and head.doc[start - 1].ent_iob_ == "I" and head.ent_iob_ == "I":
            start -= 1
        if head.ent_iob_ == "I":
            while start > 0 and head.doc[start].ent_iob_ == "I":
                start -= 1
        end = head.i + 1
        while end < len(head.doc) and head.doc[end].ent_iob_ == "I":
            end += 1
        span = head.doc[start:end]
        for cand in (span.text, head.text):
            p = self.places.lookup(cand)
            if p is not None:
                entry = self.kb.country_entry(p.country)
                return Actor(
                    text=span.text,
                    actor_id=None,
                    name=entry.name if entry else None,
                    country=p.country,
                    sector=None,
                    cameo_actor=p.country,
                    affiliations=(),
                )
        return None

    # -- salience --------------------------------------------------------------------------
    def remember(self, head: Token, actor: Actor, ctx: DocActors) -> None:
        entry = self.kb.entries.get(actor.actor_id or "")
        kind = (
            "person"
            if (entry is not None and entry.kind == "person")
            or (
                entry is None
                and (head.ent_type_ == "PERSON" or self._sector(head, [head])[1] == "person")
            )
            else "country"
            if actor.actor_id
            and actor.actor_id == (actor.country or "").lower()
            and actor.sector is None
            else "group"
        )
        plural = head.tag_ in ("NNS", "NNPS")
        if plural and kind == "person":
            kind = "group"  # "French farmers ... they"
        where = ctx.pos(head)
        if where in ctx.salient_at:
            return
        dep = head.dep_
        cur = head
        while dep == "conj" and cur.head.i != cur.i:
            cur = cur.head
            dep = cur.dep_
        subject = dep in ("nsubj", "nsubjpass")
        group = (
            ctx.pos(cur)
            if (cur.i != head.i or any(c.dep_ == "conj" for c in head.children))
            else -1
        )
        item = _Salient(where, actor, kind, plural, head.lemma_.lower(), subject, group)
        if not ctx.salience or ctx.salience[-1].index < where:
            ctx.salience.append(item)
        else:
            bisect.insort(ctx.salience, item, key=lambda s: s.index)
        ctx.salient_at.add(where)

    def _pronoun(self, tok: Token, ctx: DocActors) -> Actor | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            return None
        wanted = ("person",) if low in PERSON_PRONOUNS else ("group", "country")
        here = ctx.pos(tok)
        blocked = {ctx.pos(a) for a in tok.ancestors}

        def fits(s: _Salient) -> bool:
            if s.index >= here or s.index in blocked or s.kind not in wanted:
                return False
            if low in GROUP_PRONOUNS and not s.plural and s.kind == "country":
                return False  # "they" is rarely a country
            return not (low in THING_PRONOUNS and s.plural and s.kind == "group")

        # a subject in this or the last sentence or so is the likeliest antecedent
        for s in ctx.recent():
            if s.subject and here - s.index <= PRONOUN_WINDOW and fits(s):
                return _with_text(s.actor, tok.text)
        for s in ctx.recent():
            if fits(s):
                return _with_text(s.actor, tok.text)
        return None

    def _group_antecedent(self, tok: Token, ctx: DocActors) -> list[Actor]:
        here = ctx.pos(tok)
        for s in ctx.recent():
            if s.index >= here or here - s.index > PRONOUN_WINDOW:
                continue
            if s.group >= 0 and s.subject:
                members = [m for m in ctx.salience if m.group == s.group]
                if len(members) > 1:
                    return [_with_text(m.actor, tok.text) for m in members]
            return []
        return []

    def _salient_by_sector(self, head: Token, ctx: DocActors, sector: str) -> Actor | None:
        for s in ctx.recent():
            if s.index < ctx.pos(head) and s.actor.sector == sector and s.actor.country:
                return s.actor
        return None

    def _salient_generic(self, head: Token, ctx: DocActors, want: str | None) -> Actor | None:
        lemma = head.lemma_.lower()
        for s in ctx.recent():
            # "the group" refers first to an earlier "... militia group"
            if s.index < ctx.pos(head) and s.lemma == lemma and s.actor.country:
                return s.actor
        for s in ctx.recent():
            if s.index >= ctx.pos(head):
                continue
            if want == "COUNTRY":
                if s.kind == "country":
                    return s.actor
            elif want is None:
                # "the group" is an armed group, party or movement, never a state's forces
                state_forces = not s.actor.actor_id and s.actor.sector in ("MIL", "GOV", None)
                if s.kind == "group" and not state_forces and (
                    s.actor.actor_id
                    or s.actor.sector in ("PRM", "REB", "PTY", "OPP", "CRM")
                ):
                    return s.actor
            elif s.actor.sector == want:
                return s.actor
        return None

    # -- helpers ---------------------------------------------------------------------------
    def _choose(self, m: Match) -> tuple[KBEntry | None, Surface]:
        best: tuple[int, KBEntry, Surface] | None = None
        for s in m.surfaces:
            entry = self.kb.entries.get(s.entry_id)
            if entry is None:
                continue
            rank = KIND_RANK.get(entry.kind, 0) * 2 + (s.form in ("name", "alias"))
            if best is None or rank > best[0]:
                best = (rank, entry, s)
        if best is None:
            return None, m.surfaces[0]
        return best[1], best[2]

    def _sector(self, head: Token, core: list[Token]) -> tuple[str | None, str]:
        sectors = self.kb.sectors
        lemma = normalize(head.lemma_)
        prev = head.doc[head.i - 1] if head.i > 0 else None
        if prev is not None and prev.text == "-" and head.i > 1:
            joined = f"{normalize(head.doc[head.i - 2].text)}-{lemma}"  # "secretary-general"
            if joined in sectors:
                return sectors[joined]
        if prev is not None and prev.dep_ in ("compound", "amod"):
            two = f"{normalize(prev.lemma_)} {lemma}"
            if two in sectors:
                return sectors[two]
        if lemma in GROUP_HEADS or lemma in MODIFIED_HEADS:
            own = sectors.get(lemma, (None, ""))[0]
            for t in reversed(core):
                if t.i != head.i and t.dep_ in ("compound", "amod", "nmod"):
                    key = normalize(t.lemma_)
                    if key in sectors and sectors[key][1] != "role":
                        if own is not None and sectors[key][0] == "GOV":
                            continue  # "government forces" are troops; "government officials" not
                        return sectors[key][0], sectors.get(lemma, sectors[key])[1]
        if lemma in sectors:
            return sectors[lemma]
        if normalize(head.text) in sectors:
            return sectors[normalize(head.text)]
        for t in reversed(core):
            if t.i == head.i or t.dep_ not in ("compound", "amod", "nmod"):
                continue
            key = normalize(t.lemma_)
            if key in sectors and sectors[key][1] != "role":
                return sectors[key]
        return None, ""

    def _of_owner(
        self,
        head: Token,
        ctx: DocActors,
        date: str | None,
        depth: int,
        preps: tuple[str, ...] = ("of",),
    ) -> Actor | None:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        owner = self.resolve_one(p, ctx, date=date, depth=depth + 1)
                        if owner is not None:
                            return owner
            if c.dep_ == "poss":
                owner = self.resolve_one(c, ctx, date=date, depth=depth + 1)
                if owner is not None:
                    return owner
        return None

    def _from_entry(
        self, entry: KBEntry, text: str, date: str | None, extra_aff: list[str] | None = None
    ) -> Actor:
        aff = list(self.kb.affiliations(entry.id, date))
        for a in extra_aff or []:
            if a not in aff:
                aff.append(a)
        country = entry.country
        if entry.kind == "person" and not country:
            country = None
        sector, cameo = entry.sector, entry.cameo
        if entry.kind == "person" and date:
            # the post held on the date: Aboul Gheit was Egypt's foreign minister in 2008,
            # the Arab League's secretary-general from 2016
            for link in entry.links:
                if link.rel not in ("holds_role", "head_of") or not valid_at(link, date):
                    continue
                post = self.kb.entries.get(link.target)
                if post is None or not post.country or post.country == country:
                    break
                country = post.country
                sector = "GOV" if post.kind == "country" else post.sector
                cameo = _cameo(country, sector) if post.kind == "country" else post.cameo
                break
        return Actor(
            text=text,
            actor_id=entry.id,
            name=entry.name,
            country=country,
            sector=sector,
            cameo_actor=cameo or _cameo(country, sector),
            affiliations=tuple(aff),
        )

    def _make(
        self,
        text: str,
        country: str | None,
        sector: str | None,
        affiliations: list[str],
        kind: str = "country",
    ) -> Actor:
        entry = self.kb.country_entry(country)
        return Actor(
            text=text,
            actor_id=entry.id if entry and not sector else None,
            name=entry.name if entry else None,
            country=country,
            sector=sector,
            cameo_actor=_cameo(country, sector),
            affiliations=tuple(affiliations),
        )


IGO_COUNTRIES = {"UNO", "EUR", "NAT", "IGO", "AFR", "ARB", "ASN"}


def _cameo(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style actor code: country then sector; an IGO's code starts with IGO."""
    if not country:
        return None
    if country in IGO_COUNTRIES and country != "IGO":
        return "IGO" + country + (sector if sector and sector != "IGO" else "")
    return country + (sector or "")


def _first_word(key: str) -> str:
    return key.split(" ")[0].split("-")[0].split("'")[0]


def _ids(actor: Actor | None) -> tuple[str, ...]:
    if actor is None:
        return ()
    if actor.actor_id:
        return (actor.actor_id,)
    if actor.country:
        return (actor.country.lower(),)
    return actor.affiliations


def _with_text(actor: Actor, text: str) -> Actor:
    return dataclasses.replace(actor, text=text)


def _ethnic(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` follows "ethnic": a people ("ethnic Turks in Bulgaria"),
    whose country is where they live, not their kin state's."""
    return start > 0 and doc[start - 1].lower_ == "ethnic"


def _distinct_matches(tokens: Iterable[Token], ctx: DocActors) -> Iterator[Match]:
    """Each knowledge-base match covering any of ``tokens``, once, in order."""
    seen: set[int] = set()
    for t in tokens:
        m = ctx.matches.get(t.i)
        if m is not None and m.start not in seen:
            seen.add(m.start)
            yield m


def _proper_runs(doc: Doc) -> list[Span]:
    """Runs of proper nouns, joined by hyphens and name particles ("Hash al-Shaabi"), that the
    entity recogniser may have missed."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    tags = doc.to_array(POS).tolist()  # not a Token object per token
    for i, pos in enumerate(tags):
        inside = pos == PROPN or (
            start is not None and (doc[i].text == "-" or doc[i].lower_ in NAME_PARTICLES)
        )
        if inside:
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(tags)))
    return [doc[s:e] for s, e in runs if e - s >= 2 and tags[e - 1] == PROPN]


def detached_conjunct(tok: Token) -> bool:
    """True for a 'conj' that starts a new phrase after a closed list: in "strikes by the US,
    Britain and France, Iran's proxies ...", the list closed at "and France"."""
    doc = tok.doc
    if tok.dep_ != "conj" or tok.left_edge.i == 0 or doc[tok.left_edge.i - 1].text != ",":
        return False
    root = tok.head
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return any(doc[k].dep_ == "cc" for k in range(root.i + 1, tok.left_edge.i))


def _conjuncts(head: Token) -> list[Token]:
    out: list[Token] = []
    stack = [c for c in head.children if c.dep_ == "conj" and not detached_conjunct(c)]
    # "The US, Russia, and Switzerland": the parser makes a list member an apposition
    stack += [
        c
        for c in head.children
        if c.dep_ == "appos" and c.pos_ == "PROPN" and any(g.dep_ == "cc" for g in c.children)
    ]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj" and not detached_conjunct(c))
    return out


QUANTITY_HEADS = frozenset(
    {"scores", "score", "dozens", "dozen", "hundreds", "thousands", "millions", "tens", "number"}
)


def _quantity_of(head: Token) -> Token | None:
    """The "of" object of a quantity noun ("thousands of Kurds"), or None."""
    if head.lower_ not in QUANTITY_HEADS:
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _core_tokens(head: Token) -> list[Token]:
    """The head and its left modifiers (not coordinated members, not clauses)."""
    found = {head.i}
    for c in head.lefts:
        if c.dep_ in ("det", "predet", "punct", "cc", "case"):
            continue
        found.update(t.i for t in c.subtree)
    doc = head.doc
    # flat names split by the parser: "al - Assad" with pobj/punct siblings inside an entity
    if head.ent_iob_ in ("B", "I"):
        for k in range(head.i + 1, min(head.i + 5, len(doc))):
            t = doc[k]
            if t.ent_iob_ == "I" and t.ent_type_ == head.ent_type_:
                found.add(k)
            else:
                break
    return [doc[k] for k in sorted(found)]


def _span_text(head: Token) -> str:
    left = head.left_edge.i
    right = head.i
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
            # "Ethiopian troops of executing civilians": no noun after "of", no "of" in the text
            right = max(right, max((p.i for p in c.children if p.dep_ == "pobj"), default=right))
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_iob_ in ("B", "I"):
                    k = p.i + 1
                    while k < len(p.doc) and p.doc[k].ent_iob_ == "I":
                        k += 1
                    right = max(right, k - 1)
        elif c.dep_ == "compound":
            right = max(right, c.right_edge.i)
        if head.ent_iob_ in ("B", "I") and c.ent_iob_ == "I":
            right = max(right, c.i)
    doc = head.doc
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    last = doc[right]
    return doc_text(doc)[doc[left].idx : last.idx + len(last)]  # = doc[left : right + 1].text


def _is_backing_modifier(doc: Doc, m: Match) -> bool:
    """ "Iranian-backed", "Tehran - backed", "US-led": the match names a patron, not the actor."""
    j = m.end
    if j < len(doc) and doc[j].text in ("-", "–") and j + 1 < len(doc):
        return doc[j + 1].lower_ in BACKED_WORDS
    if j < len(doc) and doc[j].lower_ in BACKED_WORDS and doc[j].tag_ == "VBN":
        return True
    if m.start >= 2 and doc[m.start - 1].text in ("-", "–") and doc[m.start - 2].lower_ == "pro":
        return True  # "pro-Iranian militias", "pro - Russian separatists"
    if m.end - m.start == 1 and "-" in doc[m.start].text:
        return doc[m.start].text.split("-")[-1].lower() in BACKED_WORDS
    return False


def _inside_poss_of_relational(doc: Doc, m: Match, head: Token) -> bool:
    if head.lemma_.lower() not in RELATIONAL:
        return False
    for k in range(m.start, m.end):
        t = doc[k]
        if t.dep_ == "poss" or any(
            a.dep_ == "poss" for a in t.ancestors if a.i != head.i and a.i > t.i and a.i < head.i
        ):
            return True
    return False


def _adversary_object(doc: Doc, m: Match) -> bool:
    tok = doc[m.end - 1]
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj":
        return tok.head.lower_ in (
            "against",
            "on",
            "upon",
            "toward",
            "towards",
            "with",
            "at",
            "to",
            "into",
        )
    return tok.dep_ in ("dobj", "dative")


def _in_possessor(doc: Doc, m: Match, head: Token) -> bool:
    for k in range(m.start, m.end):
        t = doc[k]
        cur = t
        while cur.i != head.i and cur.head.i != cur.i:
            if cur.dep_ == "poss" and cur.head.i == head.i:
                return True
            cur = cur.head
    return False


def _is_definite_or_bare(head: Token) -> bool:
    dets = [c.lower_ for c in head.children if c.dep_ == "det"]
    return not dets or dets[0] in ("the", "this", "that", "these", "those", "a", "an")


def as_span(doc: Doc, m: Match) -> Span:
    return doc[m.start : m.end]
