"""The event's own location: the place the parse ties to the event's trigger.

A sentence's toponyms are spaCy's GPE/LOC/FAC entities plus runs of proper nouns the
gazetteer knows ("Vuhledar", which the small model tags as a product). A toponym is a
location only where the sentence uses it as one:

- the object of a locative preposition: "in", "at", "inside" (relation ``in``); "near",
  "outside", "along", "around", "off" (relation ``near``);
- a relative description: "northwest of Baghdad", "20 km south of Kherson", "on the
  outskirts of Aleppo" (relation ``near``, the direction kept);
- a place noun's name: "the town of Samarra", "a West Bank refugee camp", taking the noun's
  own role;
- the direct object of a violent act: "shelled Vuhledar".

Anything else ("Washington warned Tehran", "retaliation against Washington") is an actor,
a target or a topic, not where the event happened. Among the locations of a sentence the
one nearest the trigger in the parse wins. A sentence with none takes the document's
dateline, marked ``source="dateline"``; with no dateline the location is null: no country
centre stands in for a place the text does not give.

Precision (1 country, 2 first-level division, 3 second-level or the area near a town,
4 town, 5 site) is the place's own, one level coarser when the text says "near" a town or a
site ("northwest of Baghdad" is 3: the area around the city, not the city).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from casus.doctext import doc_text
from casus.geo.gazetteer import Gazetteer, Place
from casus.models import Location

__all__ = ["Locator", "DocGeo", "Toponym"]

IN_PREPS = {"in", "at", "inside", "within", "across", "throughout", "into", "over", "on"}
NEAR_PREPS = {"near", "outside", "along", "around", "off", "nearby", "beside", "towards"}
# subjects that are events, whose place is the event's place ("fighting in Kherson killed")
EVENT_NOUNS = {
    "fighting",
    "clashes",
    "clash",
    "attack",
    "attacks",
    "strike",
    "strikes",
    "blast",
    "explosion",
    "bombing",
    "violence",
    "battle",
    "shelling",
    "raid",
    "ambush",
    "unrest",
    "protest",
    "protests",
    "demonstration",
    "offensive",
    "assault",
    "airstrike",
    "airstrikes",
}
DIRECTIONS = {
    "north": "north",
    "south": "south",
    "east": "east",
    "west": "west",
    "northeast": "northeast",
    "northwest": "northwest",
    "southeast": "southeast",
    "southwest": "southwest",
    "north-east": "northeast",
    "north-west": "northwest",
    "south-east": "southeast",
    "south-west": "southwest",
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
    "northeastern": "northeast",
    "northwestern": "northwest",
    "southeastern": "southeast",
    "southwestern": "southwest",
    "central": "centre",
    "central-": "centre",
}
DIVISION_NOUNS = {"province", "governorate", "region", "oblast", "state", "prefecture"}
NEAR_NOUNS = {"outskirts", "suburbs", "suburb", "edge", "vicinity", "environs", "outside"}
PLACE_NOUNS = {
    "town",
    "city",
    "village",
    "province",
    "region",
    "district",
    "governorate",
    "state",
    "capital",
    "port",
    "enclave",
    "area",
    "camp",
    "base",
    "neighbourhood",
    "neighborhood",
    "oblast",
    "county",
    "territory",
    "border",
    "streets",
    "street",
    "centre",
    "center",
    "hospital",
    "airport",
    "outskirts",
    "suburbs",
    "valley",
    "coast",
    "island",
    "peninsula",
    "crossing",
    "settlement",
    "hub",
    "stronghold",
    "front",
    "frontline",
    "municipality",
    "locality",
    "zone",
}
# CAMEO roots whose direct object may be the place acted on ("shelled Vuhledar")
VIOLENT_ROOTS = {"14", "17", "18", "19", "20"}
_NOT_PLACE = re.compile(r"^[a-z]|^\d")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place named in a sentence and how the sentence uses it."""

    start: int  # token index in the doc
    end: int
    text: str
    place: Place
    relation: str | None  # "in" | "near" | None (not a location: an actor, a target)
    direction: str | None
    attach: int  # token the locative phrase hangs on
    candidates: tuple[Place, ...] = ()


@dataclass(slots=True)
class DocGeo:
    """What one document gives every event's location: its countries (for choosing among
    places of one name), its dateline place, and each sentence's toponyms."""

    countries: list[str] = field(default_factory=list)
    dateline: Location | None = None
    # toponyms of the sentences of the chunk being coded, by sentence start; a new chunk
    # (a new Doc object) starts afresh, as an id() of a freed chunk may be reused
    sentences: dict[int, list[Toponym]] = field(default_factory=dict)
    sentences_of: Doc | None = None
    # the parsed chunk being coded and its GPE/LOC/FAC entities as (start, end): read from
    # doc.ents once per chunk, as Span.ents scans all of doc.ents for every sentence
    places_in: tuple[Doc, list[tuple[int, int]]] | None = None
    propn: set[int] = field(default_factory=set)  # indices of the chunk's proper nouns


class Locator:
    """Finds where events happened. One per Coder; per-document state lives in DocGeo."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    # -- document ----------------------------------------------------------------------------
    def document(self, text: str, datelines: list[tuple[int, int]]) -> DocGeo:
        geo = DocGeo()
        for start, end in datelines[:1]:
            head = re.split(r"[,(\-\u2013\u2014:/]", text[start:end], maxsplit=1)[0].strip()
            place = self.gazetteer.resolve(head) if head else None
            if place is not None:
                geo.dateline = _location(place, "in", None, "dateline", text=head)
                if place.country:
                    geo.countries.append(place.country)
        return geo

    def note_countries(self, geo: DocGeo, countries) -> None:
        for c in countries:
            if c and c not in geo.countries:
                geo.countries.append(c)

    # -- sentences ---------------------------------------------------------------------------
    def toponyms(self, sent: Span, geo: DocGeo) -> list[Toponym]:
        if geo.sentences_of is not sent.doc:
            geo.sentences, geo.sentences_of = {}, sent.doc
        found = geo.sentences.get(sent.start)
        if found is None:
            found = self._toponyms(sent, geo)
            geo.sentences[sent.start] = found
        return found

    def _spans(self, sent: Span, geo: DocGeo) -> list[tuple[int, int]]:
        doc = sent.doc
        if geo.places_in is None or geo.places_in[0] is not doc:
            ents = [(e.start, e.end) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
            geo.places_in = (doc, ents)
            geo.propn = {i for i, p in enumerate(doc.to_array([POS]).tolist()) if p == PROPN}
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for start, end in geo.places_in[1]:
            if start < sent.start or end > sent.end:
                continue  # not wholly inside the sentence (Span.ents)
            s = start + (1 if doc[start].lower_ == "the" else 0)
            if s < end:
                spans.append((s, end))
                taken.update(range(start, end))
        # runs of capitalised proper nouns the model did not tag as places
        i = sent.start
        propn = geo.propn
        while i < sent.end:
            if i not in propn or i in taken or _NOT_PLACE.match(doc[i].text):
                i += 1
                continue
            j = i
            while (
                j + 1 < sent.end
                and j + 1 not in taken
                and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text in ("-", "al", "el", "of"))
                and not _NOT_PLACE.match(doc[j + 1].text)
            ):
                j += 1
            run = doc[i : j + 1]
            ents = {t.ent_type_ for t in run} - {""}
            if ents <= {"PERSON", "PRODUCT", "ORG", "NORP", "WORK_OF_ART"} and (
                not run[0].ent_type_ or run[0].ent_iob_ == "B"
            ):
                # a run the entity recogniser took for an organisation counts only by a
                # place's own name: "the Taliban" is no village in Turkey (an alternate name
                # there), while "Andijan" taken for a people is still Andijon
                if (j + 1 >= sent.end or doc[j + 1].ent_iob_ != "I") and self.gazetteer.known(
                    run.text, alternate="ORG" not in ents
                ):
                    spans.append((i, j + 1))  # the whole run, never a word of a longer name
            i = j + 1
        return sorted(spans)

    def _toponyms(self, sent: Span, geo: DocGeo) -> list[Toponym]:
        doc = sent.doc
        spans = self._spans(sent, geo)
        # "Bam, Iran", "Goma in North Kivu": a later place that qualifies an earlier one
        roots = {(s, e): doc[s:e].root for s, e in spans}
        heads = {roots[s, e].i: (s, e) for s, e in spans}
        # each span's qualifier once, not once per pair of spans
        qualifies = {(s, e): _qualifier_of(roots[s, e], heads) for s, e in spans}
        out: list[Toponym] = []
        text = doc_text(doc)  # a Span's text is built token by token
        for s, e in spans:
            span = doc[s:e]
            span_text = text[span.start_char : span.end_char]
            root = roots[s, e]
            qualified = qualifies[s, e]
            hints = list(geo.countries)
            for s2, e2 in spans:
                if (s2, e2) != (s, e) and qualifies[s2, e2] == root.i:
                    p = self.gazetteer.resolve(doc[s2:e2].text)
                    if p is not None and p.country:
                        hints.insert(0, p.country)
            cands = self.gazetteer.candidates(span_text, countries=hints)
            bearing = None
            first, _, rest = span_text.partition(" ")
            if not cands and rest and first.lower() in DIRECTIONS:
                # "Western Cambodia", "Northern Syria" tagged as one entity
                cands = self.gazetteer.candidates(rest, countries=hints)
                bearing = DIRECTIONS[first.lower()]
            if not cands:
                continue
            nxt = doc[e] if e < sent.end else None
            if nxt is not None and nxt.lower_ in DIVISION_NOUNS and root.head.i == nxt.i:
                # "Deir ez-Zor province": the division, ours if we have it, else at the
                # division's precision around its namesake town
                wider = self.gazetteer.candidates(f"{span_text} {nxt.text}", countries=hints)
                if wider:
                    cands = wider
                elif cands[0].precision > 2:
                    town = cands[0]
                    if town.country not in hints and town.population < NAMESAKE_MIN_POP:
                        continue  # "Plateau state" is no division of a hamlet in Alabama
                    cands = [replace(town, precision=2, kind="admin1")]
                span, root, e = doc[s : e + 1], nxt, e + 1
                span_text = text[span.start_char : span.end_char]
            top = cands[0]
            if (
                hints
                and top.kind == "city"
                and not top.capital
                and top.population < NAMESAKE_MIN_POP
                and not self.gazetteer.near(top.country, hints)
            ):
                # "killed hundreds of civilians in Moura" in a story on Mali: a small town in
                # a country the story neither names nor borders is a namesake (Moura,
                # Portugal), not the place; an unknown place is better than a wrong country
                continue
            if qualified is not None:
                out.append(Toponym(s, e, span_text, cands[0], None, None, root.i, tuple(cands)))
                continue
            relation, direction, attach = _role(root)
            direction = direction or bearing
            out.append(
                Toponym(s, e, span_text, cands[0], relation, direction, attach, tuple(cands))
            )
        return out

    # -- events ------------------------------------------------------------------------------
    def locate(
        self,
        trigger: Token,
        trigger_tokens,
        sent: Span,
        geo: DocGeo,
        *,
        root: str,
        countries: tuple[str, ...] = (),
    ) -> Location | None:
        """The event's location: the sentence's location nearest the trigger; else the
        dateline's place; else None."""
        best: tuple[int, int, Toponym] | None = None
        own = {t.i for t in trigger_tokens} | {trigger.i}
        for top in self.toponyms(sent, geo):
            relation = top.relation
            if relation is None:
                if (
                    root in VIOLENT_ROOTS
                    and top.attach in own
                    and _object_place(sent.doc[top.start : top.end].root)
                ):
                    relation = "in"  # "shelled Vuhledar", "bombed the town of Avdiivka"
                else:
                    continue
            if relation == "to":
                # "returned to Geneva" is a place; "appealed to Washington", "extradited to
                # Britain" are addressees: only a town or a site, never a country or capital
                if top.place.kind == "country" or top.place.capital:
                    continue
                relation = "in"
            d = _distance(sent.doc, top.attach, own)
            if d is None:
                continue
            if relation == "from":
                relation, d = "in", d + 2  # "evacuated from Gorazde": weaker than "in"
            rank = (d, -top.place.precision)
            if best is None or rank < best[:2]:
                best = (rank[0], rank[1], _replace_relation(top, relation))
        if best is not None:
            top = best[2]
            place = top.place
            if countries and place.kind == "city":
                # the event's own actors choose among places of one name
                hints = list(countries) + geo.countries
                again = self.gazetteer.candidates(top.text, countries=hints)
                place = again[0] if again else place
            return _location(place, top.relation, top.direction, "text", text=top.text)
        return geo.dateline


# a division we do not list is placed around its namesake town only if the town is in one
# of the document's countries or big enough to have given a division its name
NAMESAKE_MIN_POP = 100_000


def _object_place(root: Token) -> bool:
    """The toponym is what the act hit: "shelled Vuhledar", "bombed the town of Avdiivka"."""
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PLACE_NOUNS:
        root = root.head.head
    return root.dep_ in ("dobj", "conj")


def _replace_relation(top: Toponym, relation: str) -> Toponym:
    if top.relation == relation:
        return top
    return Toponym(
        top.start,
        top.end,
        top.text,
        top.place,
        relation,
        top.direction,
        top.attach,
        top.candidates,
    )


def _qualifier_of(root: Token, heads: dict[int, tuple[int, int]]) -> int | None:
    """The place this toponym qualifies ("Iran" in "Bam, Iran"), as a token index."""
    h = root.head
    if root.dep_ in ("appos", "npadvmod", "conj") and h.i in heads and h.i != root.i:
        if root.dep_ == "conj" and not any(t.text == "," for t in root.doc[h.i + 1 : root.i]):
            return None
        if root.dep_ == "conj" and any(c.dep_ == "cc" for c in h.children):
            return None  # "Vuhledar and Avdiivka": two places, not one inside the other
        return h.i
    if root.dep_ == "pobj" and h.lower_ == "in" and h.head.i in heads:
        return h.head.i  # "Goma in North Kivu"
    return None


def _role(root: Token) -> tuple[str | None, str | None, int]:
    """How the sentence uses the toponym headed by ``root``: (relation, direction, the token
    the locative phrase hangs on)."""
    direction: str | None = None
    for c in root.children:
        if c.dep_ == "amod" and c.lower_ in DIRECTIONS:
            direction = DIRECTIONS[c.lower_]  # "northern Syria"
    tok = root
    relation: str | None = None
    for _ in range(5):
        dep, head = tok.dep_, tok.head
        if head.i == tok.i:
            return None, None, tok.i
        if dep == "pobj" and head.dep_ in ("prep", "advmod", "agent", "dative"):
            prep = head.lower_
            above = head.head
            if prep == "of" and above.lower_ in DIRECTIONS:
                # "northwest of Baghdad"
                return "near", DIRECTIONS[above.lower_], _above_direction(above).i
            if prep == "of" and above.lower_ in NEAR_NOUNS:
                relation = "near"  # "the outskirts of Aleppo"
                tok = above
                continue
            if prep == "of" and above.lower_ in PLACE_NOUNS:
                tok = above  # "the town of Samarra": the town's own role
                continue
            if prep == "to" and head.head.lower_ in ("close", "next"):
                return "near", direction, head.head.head.i
            if prep in NEAR_PREPS:
                return "near", direction, above.i
            if prep in ("to", "from") and head.dep_ == "prep":
                return prep, direction, above.i  # decided in locate(): see there
            if prep in IN_PREPS:
                if prep in ("on", "over") and not _place_like(tok):
                    return None, None, above.i  # "strikes on Syria": a target
                return relation or "in", direction, above.i
            return None, None, above.i
        if dep in ("compound", "nmod", "amod", "poss") and head.lower_ in PLACE_NOUNS | NEAR_NOUNS:
            if head.lower_ in NEAR_NOUNS:
                relation = "near"
            tok = head  # "a West Bank refugee camp", "Baghdad's outskirts"
            continue
        if dep == "npadvmod" and tok.lower_ in DIRECTIONS:
            return "near", DIRECTIONS[tok.lower_], head.i
        return None, None, head.i
    return None, None, tok.i


def _above_direction(word: Token) -> Token:
    """'20 km northwest of X' / 'a base northwest of X': what the description hangs on."""
    return word.head if word.head.i != word.i else word


def _place_like(tok: Token) -> bool:
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.lower_ in PLACE_NOUNS


def _distance(doc, attach: int, own: set[int]) -> int | None:
    """Steps in the parse between the token a location hangs on and the trigger (0 when it
    hangs on the trigger), or None when the location describes something else: a participant
    ("militias in the region said", "the regime of Assad in Syria") or another event
    ("accused the US of moving fighters into Iraq")."""
    if attach in own:
        return 0
    trig = doc[min(own)]
    up_trigger = {}
    tok, n = trig, 0
    while True:
        up_trigger[tok.i] = n
        if tok.head.i == tok.i or n > 12:
            break
        tok, n = tok.head, n + 1
    tok, n = doc[attach], 0
    path: list = []
    while tok.i not in up_trigger and tok.i not in own:
        if tok.head.i == tok.i or n > 12:
            return None
        path.append(tok)
        tok, n = tok.head, n + 1
    lca_steps = 0 if tok.i in own else up_trigger[tok.i]
    if doc[attach].ent_type_ == "PERSON":
        return None  # "Bashar al-Assad in Syria": where a person is, not the event
    for t in path:
        if t.dep_ in ("relcl", "acl", "ccomp", "xcomp", "pcomp", "advcl", "csubj"):
            return None
        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in EVENT_NOUNS:
            return None
    if lca_steps and doc[attach].dep_ in ("nsubj", "nsubjpass"):
        return None
    return n + lca_steps


def _location(place: Place, relation: str, direction: str | None, source: str, *, text: str):
    precision = place.precision
    if relation == "near" and precision >= 4:
        precision -= 1  # near a town is the area around it; near a site is the town's size
    return Location(
        name=place.name,
        geonameid=place.geonameid,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        admin1=place.admin1,
        precision=precision,
        feature=place.feature,
        relation=relation,
        direction=direction,
        source=source,
        text=text,
    )
