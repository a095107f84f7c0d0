"""The rule-based event coder: parsed sentences in, :class:`EventMention` records out."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from spacy.attrs import DEP, LEMMA, LOWER, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from casus.actors.kb import ActorKB, load_kb, user_kb_dir
from casus.actors.learn import Fact, learn_facts
from casus.actors.places import load_places
from casus.actors.resolve import ActorResolver, DocActors
from casus.coding import arguments as args
from casus.coding.clauses import (
    PERMITTING,
    TOLL_VERBS,
    attribution_of,
    background_of,
    governing_chain,
    is_infinitive,
    modality_of,
    nominal_modality,
    threat_condition,
    toll_of,
)
from casus.coding.lexicon import Lexicon, load_lexicon
from casus.coding.ontology import Ontology, load_ontology, quad_class
from casus.coding.triggers import Trigger, noun_trigger, verb_trigger
from casus.doctext import doc_text
from casus.geo.gazetteer import load_gazetteer
from casus.geo.locate import DocGeo, Locator
from casus.models import Actor, Document, EventMention, Evidence, Location
from casus.nlp.attributes import install_attribute_table
from casus.nlp.loader import add_paragraph_breaks, load_model
from casus.nlp.sections import (
    Paragraph,
    datelines,
    is_boilerplate_sentence,
    parse_spans,
    quote_mask,
    segment,
)
from casus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Coder", "CODER_NAME", "CODER_VERSION"]

CODER_NAME = "casus.rules"
CODER_VERSION = "1"
BATCH_CHARS = 60_000  # characters parsed together at most (bounds peak memory)
SPEECH_ROOTS = {"01", "02", "03", "05", "09", "10", "11", "12", "13"}
DOMESTIC_ROOTS = {"14", "17"}
RECIPROCAL_ROOTS = {"04"}
# acts two coordinated sides do to each other: "Obama and Putin met", "government troops and
# rebels clashed"
# Measured: making agreements, ceasefires (036, 057, 0871) or cooperation (06) reciprocal
# lowers the PLOVER dev F1 by 0.011 each (its gold codes one direction), so only meetings
# (04) and clashes are.
RECIPROCAL_CODES: tuple[str, ...] = ()
RECIPROCAL_LEMMAS = {"clash", "fight", "fighting", "battle", "skirmish", "exchange", "trade"}
STATE_SECTORS = {"MIL", "GOV", "SPY", "COP"}
AIRCRAFT = {
    "warplane",
    "jet",
    "aircraft",
    "airplane",
    "plane",
    "bomber",
    "helicopter",
    "gunship",
    "drone",
    "fighter",
    "airforce",
    "coalition",
}
# also people ("Hamas fighters", "a suicide bomber") or a side ("coalition"): aircraft only
# where the act is a bombing
PEOPLE_OR_AIRCRAFT = frozenset({"fighter", "bomber", "coalition"})
UNATTRIBUTED_ROOTS = {"18", "19", "20"}
FORCE_ROOTS = {"15", "16", "17", "18", "19", "20"}
# damage and violence whose doer is named as a protester is a riot (145)
PROTESTER_NOUNS = {"protester", "protestor", "demonstrator", "rioter", "mob", "marcher", "crowd"}
RIOT_CODES = {"171", "1712", "180", "182", "183", "190"}
# force used by police on protesters is violent repression (175)
REPRESSION_CODES = {"182", "190", "193"}
NON_STATE_FIGHTERS = {
    "guerrilla",
    "guerilla",
    "militant",
    "rebel",
    "insurgent",
    "terrorist",
    "bomber",
    "gunman",
    "jihadist",
    "extremist",
    "separatist",
}
NOT_LIGHT = {
    "deny",
    "describe",
    "investigate",
    "witness",
    "survive",
    "fear",
    "prevent",
    "avoid",
    "blame",
    "protest",
    "oppose",
    "reject",
    "condemn",
    "discuss",
    "debate",
    "mark",
    "commemorate",
    "remember",
    "recall",
    "cover",
    "film",
    "see",
    "watch",
    "hear",
    "predict",
    "expect",
    "risk",
    "face",
    "suffer",
    "escape",
    "flee",
    "stop",
    "end",
    "halt",
    "cancel",
    "postpone",
    "delay",
    "call",
    "dub",
    "label",
    "term",
    "claim",
    # relaying what others did: "Al-Masirah television reported raids on Sanaa"
    "report",
    "allege",
    "confirm",
    "cite",
    "document",
    "show",
}
REJECT_OF = {
    "03": "120",
    "04": "125",
    "036": "125",
    "05": "120",
    "057": "127",
    "06": "121",
    "07": "122",
    "08": "124",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
}
SALIENT_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "appos",
    "conj",
    "attr",
    "ROOT",
    "poss",
    "dative",
    "npadvmod",
}
WORDS_MAX = 50_000  # words whose lexicon flags a Coder keeps once looked up (then starts over)
# flags of a word (by its string id), read off the lexicon once: see Coder._flags
_NOUN_PATTERNS = 1  # its lemma, lowercased, heads noun patterns
_PATTERNS = 2  # as lemma or as lowercased form, it has verb or noun patterns
_BE = 4  # lemma_ "be"
_REPORTING = 8  # lemma_ a reporting verb
_FORM_PATTERNS = 16  # as a lowercased form ("lower_"), it has verb or noun patterns
BLAME_ROOTS = {"10", "11", "12", "13", "16", "17"}
INSTRUMENT_NOUNS = {
    "weapon",
    "arm",
    "arms",
    "missile",
    "rocket",
    "bomb",
    "gun",
    "tank",
    "jet",
    "drone",
    "mine",
    "shell",
    "explosive",
    "ammunition",
    "warplane",
}
RECEIVING_VERBS = {"receive", "get", "obtain", "accept", "win", "secure", "gain", "face", "draw"}
ALLEGING_VERBS = {"allege", "charge"}
OBLIGATION_AUX = {"must", "should", "ought"}
SELF_WORDS = {
    "its",
    "their",
    "his",
    "her",
    "it",
    "they",
    "them",
    "itself",
    "themselves",
    "our",
    "we",
    "us",
}


def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data"))


@dataclass(slots=True)
class _Raw:
    """An event before it becomes a record: tokens kept for document-level passes."""

    trigger: Trigger
    sent_index: int
    sent: Span
    offset: int
    section: str
    source: Actor | None
    target: Actor | None
    modality: str
    certainty: str
    speaker: Actor | None
    reporting_source: str | None
    hedges: list[str]
    background: bool
    date: str | None
    date_precision: str | None
    object_event: Token | None = None  # the nominal event a speech act is about
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Here:
    """The sentence being coded and where it stands: what every event built in it shares."""

    document: Document
    sent: Span
    sent_index: int
    offset: int
    section: str
    ctx: DocActors
    in_quote: bool


@dataclass(slots=True)
class _DocState:
    """What persists across the parsed chunks of one document."""

    document: Document
    paragraphs: list[Paragraph]
    qmask: bytearray
    shared: tuple | None = None
    sent_index: int = 0
    records: list[EventMention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    datelines: list[tuple[int, int]] = field(default_factory=list)
    learn: bool = True
    geo: DocGeo | None = None


@dataclass(frozen=True, slots=True)
class CodedDocument:
    """A document with its event mentions and the actor facts learned from it."""

    document: Document
    mentions: list[EventMention]
    facts: list[Fact]


class Coder:
    """Codes documents into event mentions. Loads spaCy, lexicon and actors once.

    >>> coder = Coder()                                   # doctest: +SKIP
    >>> events = coder.code_text("Iraq condemned the US strikes on Syria.", date="2018-04-16")
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp=None,
        kb: ActorKB | None = None,
        lexicon: Lexicon | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.settings = settings or Settings()
        base = data_dir or _data_dir()
        self.ontology: Ontology = load_ontology(base / "cameo.tsv")
        extra = [user_kb_dir()] if data_dir is None else []
        self.lexicon: Lexicon = lexicon or load_lexicon(
            base, set(self.ontology.codes), extra_dirs=extra
        )
        self.kb: ActorKB = kb or load_kb(base, extra_dirs=extra)
        self.resolver = ActorResolver(self.kb, load_places())
        self.locator = Locator(load_gazetteer()) if self.settings.geolocate else None
        self._nlp = nlp
        self.name = f"{CODER_NAME}/{CODER_VERSION}"
        self.learn = True  # learn actor facts while coding (see casus.actors.learn)
        # string id -> flags of the word as a lemma and as a form, for the lexicon _flags_of
        self._flags: dict[int, int] = {}
        self._flags_of: Lexicon | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model(self.settings.model)
            # the model's attribute rules by table lookup: the same annotations, a tenth of
            # the parse time less
            install_attribute_table(self._nlp)
        cues = self.lexicon.cues
        add_paragraph_breaks(self._nlp, cues.comment_heads + cues.background_heads)
        return self._nlp

    # -- public API ------------------------------------------------------------------------
    def resolve_actor(self, phrase: str, *, date: str | None = None) -> Actor | None:
        """Resolve one noun phrase ("a US destroyer", "Tehran-backed militias") to an Actor,
        as the coder would resolve it as the subject of a sentence; None if it names no one."""
        doc = self.nlp(phrase.strip())
        if not len(doc):
            return None
        ctx = self.resolver.index(doc)
        head = doc[:].root
        return self.resolver.resolve_one(head, ctx, date=date)

    def code_text(
        self, text: str, *, doc_id: str = "text", date: str | None = None
    ) -> list[EventMention]:
        """Code one text; returns its event mentions in document order."""
        doc = Document(id=doc_id, text=text, date=date)
        for _, events in self.code_documents([doc]):
            return events
        return []

    def code_documents(
        self, docs: Iterable[Document]
    ) -> Iterator[tuple[Document, list[EventMention]]]:
        """Code a stream of documents, parsing them in batches through ``nlp.pipe`` (no actor
        facts are learned: use :meth:`process` for those)."""
        for coded in self.process(docs, learn=False):
            yield coded.document, coded.mentions

    def process(
        self, docs: Iterable[Document], *, learn: bool | None = None
    ) -> Iterator[CodedDocument]:
        """Code a stream of documents and learn actor facts from them (``learn``, default the
        coder's ``learn`` attribute)."""
        learn = self.learn if learn is None else learn
        batch: list[Document] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= self.settings.batch_size:
                yield from self._code_batch(batch, learn)
                batch = []
        if batch:
            yield from self._code_batch(batch, learn)

    def code_doc(self, document: Document, parsed: list[tuple[int, Doc]]) -> list[EventMention]:
        """Code a document from its parsed chunks ``(char offset, spaCy Doc)``."""
        state = self._start(document)
        for offset, doc in parsed:
            self._code_chunk(state, offset, doc)
        return state.records

    # -- internals -------------------------------------------------------------------------
    def _start(self, document: Document) -> _DocState:
        cues = self.lexicon.cues
        assert cues is not None
        lines = datelines(document.text)
        return _DocState(
            document,
            segment(document.text, cues),
            quote_mask(document.text),
            datelines=lines,
            geo=self.locator.document(document.text, lines) if self.locator else None,
        )

    def _code_chunk(self, state: _DocState, offset: int, doc: Doc) -> None:
        """Code one parsed chunk and turn its events into records at once, so that a long
        document never holds more than one parsed chunk in memory."""
        document = state.document
        ctx = self.resolver.index(doc)
        ctx.offset = offset
        for start, end in state.datelines:
            if offset <= start < offset + len(doc_text(doc)):
                ctx.mask(start - offset, end - offset)
        if state.shared is not None:
            # pronouns and names resolve across chunks of one document
            ctx.salience, ctx.salient_at, ctx.names = state.shared
        state.shared = (ctx.salience, ctx.salient_at, ctx.names)
        raws: list[_Raw] = []
        rows = doc.to_array([POS, DEP, LEMMA, LOWER]).tolist()
        for sent in doc.sents:
            # the sentence's text from the document's (a Span builds it token by token)
            if document.text[offset + sent.start_char : offset + sent.end_char].strip():
                par = _paragraph_at(offset + sent.start_char, state.paragraphs)
                section = par.section if par is not None else "report"
                # a sentence inside a paragraph where no boilerplate pattern matches needs
                # no test of its own
                cued = par is None or par.cued or offset + sent.end_char > par.end
                raws += self._code_sentence(
                    document, sent, state.sent_index, offset, section, ctx, state.qmask, rows, cued
                )
                state.sent_index += 1
        state.records += self._records(document, self._document_pass(raws), state.geo)
        if state.learn:  # after coding, so that "the group" has its antecedents in place
            state.facts += [
                f
                for f in learn_facts(
                    doc, ctx, self.resolver, doc_id=document.id, date=document.date, offset=offset
                )
                if (p := _paragraph_at(f.start, state.paragraphs)) is None
                or p.section != "boilerplate"
            ]

    def _code_batch(self, batch: list[Document], learn: bool = True) -> Iterator[CodedDocument]:
        pieces: list[tuple[str, tuple[int, int]]] = []
        remaining = [0] * len(batch)
        states: dict[int, _DocState] = {}
        for n, d in enumerate(batch):
            state = states[n] = self._start(d)
            state.learn = learn
            for start, end in parse_spans(d.text, state.paragraphs, self.settings.chunk_chars):
                pieces.append((d.text[start:end], (n, start)))
                remaining[n] += 1
        for doc, (n, start) in self._parse(pieces):
            date = batch[n].date
            if date and date[:4].isdigit():
                doc.user_data["casus_year"] = int(date[:4])
            self._code_chunk(states[n], start, doc)
            remaining[n] -= 1
            if remaining[n] == 0:  # nlp.pipe keeps order: documents finish in order
                done = states.pop(n)
                yield CodedDocument(batch[n], done.records, done.facts)

    def _parse(self, pieces: list[tuple[str, tuple[int, int]]]) -> Iterator[tuple[Doc, tuple]]:
        """nlp.pipe over groups of pieces bounded in characters as well as in number: spaCy's
        parser needs about 3 KB of memory per character of a batch at its peak."""
        group: list[tuple[str, tuple[int, int]]] = []
        size = 0
        for piece in pieces:
            if group and (
                len(group) >= self.settings.batch_size or size + len(piece[0]) > BATCH_CHARS
            ):
                yield from self.nlp.pipe(group, as_tuples=True, batch_size=len(group))
                group, size = [], 0
            group.append(piece)
            size += len(piece[0])
        if group:
            yield from self.nlp.pipe(group, as_tuples=True, batch_size=len(group))

    def _code_sentence(
        self,
        document: Document,
        sent: Span,
        sent_index: int,
        offset: int,
        section: str,
        ctx: DocActors,
        qmask: bytearray,
        rows: list[list[int]],
        cued: bool = True,
    ) -> list[_Raw]:
        cues = self.lexicon.cues
        lex = self.lexicon
        start = offset + sent.start_char
        end = offset + sent.end_char
        if section == "boilerplate" or (
            cued and is_boilerplate_sentence(document.text[start:end], cues)
        ):
            return []
        if section == "comment" and not self.settings.code_comment:
            return []
        inside = sum(qmask[start:end])
        in_quote = inside > (end - start) * 0.5
        if in_quote and section == "report":
            section = "quote"
        ctx.sent = sent
        here = _Here(document, sent, sent_index, offset, section, ctx, in_quote)
        doc = sent.doc
        salient, speakers, lexical, lemma_flags = self._words(rows, sent.start, sent.end, doc)
        # register the sentence's actors for pronouns and definite descriptions
        for i in salient:
            tok = doc[i]
            m = ctx.matches.get(i)
            if m is not None and m.start <= tok.head.i < m.end and tok.head.i != i:
                continue  # inside a matched name: only its head is registered
            if i in speakers and not (
                tok.head.lemma_.lower() in cues.reporting_verbs and self.resolver.agentive(tok)
            ):
                continue  # an event noun ("the use of force"), unless it is who speaks
            actor = self.resolver.resolve_one(tok, ctx, date=document.date)
            if actor is not None and (actor.country or actor.actor_id):
                self.resolver.remember(tok, actor, ctx)
        triggers: list[Trigger] = []
        light_objects: dict[int, Token] = {}
        for i in lexical:  # a word with no patterns is no trigger
            tok = doc[i]
            trig = verb_trigger(tok, lex)
            if trig is not None:
                triggers.append(trig)
                continue
            trig = noun_trigger(tok, lex)
            if trig is not None:
                triggers.append(trig)
        trigger_at = {t.token.i: t for t in triggers}
        out: list[_Raw] = []
        consumed: set[int] = set()
        for trig in triggers:
            if trig.nominal:
                continue
            tok = trig.token
            lemma = tok.lemma_.lower()
            # "launched strikes", "imposed sanctions": the noun carries the event
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if (
                lemma in cues.light_verbs
                and obj is not None
                and obj.i in trigger_at
                and len(trig.tokens) == 1
            ):
                light_objects[obj.i] = tok
                continue
            # "vowed to attack", "refused to withdraw": the xcomp carries the event
            if any(
                (c.dep_ == "xcomp" or (c.dep_ == "advcl" and is_infinitive(c)))
                and c.i in trigger_at
                for c in tok.children
            ) and (lemma in cues.intention_verbs or lemma in cues.negating_verbs):
                continue
            if (
                lemma in cues.reporting_verbs
                and len(trig.tokens) == 1
                and any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
                and args.named_object(tok, obj) is obj  # "condemned what it called X" acts
            ):
                continue
            if (
                lemma in HELPING_OR_WANTING
                and len(trig.tokens) == 1
                and not any(c.dep_ in ("dobj", "dative") for c in tok.children)
            ):
                complements = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
                if lemma in HELPING_VERBS and any(
                    c.pos_ == "VERB" and not _has_subject(c, ("nsubj", "nsubjpass"))
                    for c in complements
                ):
                    continue  # "to help support the rights of Palestinians": support is the act
                if lemma in ADDRESSED_ONLY and not any(
                    _has_subject(c, ("nsubj",)) for c in complements
                ):
                    continue  # "Iran wants to build": an intention, not an appeal to anyone
            gov = trigger_at.get(tok.head.i) if tok.dep_ in ("advcl", "xcomp") else None
            if gov is None and tok.dep_ == "advcl" and tok.head.dep_ in ("acl", "relcl"):
                # "the demonstration staged by students to protest X": the purpose of the
                # act the noun names
                gov = trigger_at.get(tok.head.head.i)
                gov = gov if gov is not None and gov.nominal else None
            elif gov is not None and gov.nominal:
                gov = None
            if (
                gov is not None
                and gov is not trig
                and gov.code[:2] == trig.code[:2]
                and is_infinitive(tok)
            ):
                continue  # "met Assad to discuss the war": the purpose is the meeting itself
            if (
                gov is not None
                and gov is not trig
                and trig.code[:2] in ("02", "10")
                and gov.code[:2] in DEMANDING_ACTS
                and (is_infinitive(tok) or tok.tag_ == "VBG")
            ):
                # "marched through Santiago to demand free education", "rallied demanding the
                # resignation": a demand made by an act of protest or force is that act's aim
                continue
            if _attack_in(trig, trigger_at) is not None:
                continue  # "were killed in Israeli tank shelling": the shelling is the attack
            if trig.code[:2] in UNATTRIBUTED_ROOTS and any(
                h.lemma_.lower() in cues.accident_nouns for h in args.source_heads(trig)
            ):
                continue  # "victims killed by the crash": no one's act
            if lemma in cues.contest_verbs and _sporting(sent, cues):
                continue  # "Brazil beat Argentina 3-1 in a qualifier": a game
            if trig.code[:2] == "04" and any(
                c.dep_ == "nsubj" and args.is_weapon(c) for c in tok.children
            ):
                continue  # "shells landed in Akcakale": no visit
            consumed.update(t.i for t in trig.tokens[1:])
            means = _means_of(trig, trigger_at)
            if means is not None:
                trig = replace(trig, code=means.code)  # "killed X in a drone strike": 195
            out += self._verbal(here, trig, trigger_at)
        if lemma_flags & _BE:
            out += self._blame(here, triggers)
        if lemma_flags & _REPORTING:
            out += self._obligation(here, trigger_at)
        for trig in triggers:
            noun = trig.token
            verb = noun.head
            if (
                trig.nominal
                and noun.dep_ == "dobj"
                and verb.i not in trigger_at
                and verb.pos_ == "VERB"
                and not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
                and verb.lemma_.lower() not in NOT_LIGHT
                and (
                    noun.lemma_.lower() not in INSTRUMENT_NOUNS
                    or verb.lemma_.lower() in RECEIVING_VERBS | cues.light_verbs
                )
                and not args.nominal_source_heads(noun, circumstance=False)
            ):
                # "held talks", "launched an air strike", "speeded up the withdrawal"
                light_objects[noun.i] = verb
        for trig in triggers:
            if not trig.nominal or trig.token.i in consumed:
                continue
            out += self._nominal(here, trig, light_objects.get(trig.token.i), trigger_at)
        return _fold_tolls(out)

    def _words(
        self, rows: list[list[int]], start: int, end: int, doc: Doc
    ) -> tuple[list[int], set[int], list[int], int]:
        """Of the tokens start..end (``rows``: POS, DEP, LEMMA, LOWER by ``doc.to_array``), the
        nouns whose actors are registered (with, among them, the subjects spelt like an event
        noun, registered only if they speak: "the air force said"), the words with verb or
        noun patterns (every trigger is one), and the union of their lemmas' flags: a Token
        object is made only for these (indexing a Doc makes one each time, and most words are
        neither)."""
        if self._flags_of is not self.lexicon:
            self._flags, self._flags_of = {}, self.lexicon
        flags = self._flags
        strings = doc.vocab.strings
        salient: list[int] = []
        speakers: set[int] = set()
        lexical: list[int] = []
        union = 0
        for i in range(start, end):
            pos, dep, lemma, lower = rows[i]
            f = flags.get(lemma)
            if f is None:
                f = self._word_flags(lemma, strings)
            union |= f
            if pos == NOUN or pos == PROPN:
                if not f & _NOUN_PATTERNS:
                    if strings[dep] in SALIENT_DEPS:
                        salient.append(i)
                elif strings[dep] == "nsubj":
                    salient.append(i)
                    speakers.add(i)
            if f & _PATTERNS:
                lexical.append(i)
                continue
            f = flags.get(lower)
            if f is None:
                f = self._word_flags(lower, strings)
            if f & _FORM_PATTERNS:
                lexical.append(i)
        return salient, speakers, lexical, union

    def _word_flags(self, sid: int, strings) -> int:
        """The flags of the word with string id ``sid`` as a lemma ("lemma_") and as a
        lowercased form ("lower_"), kept in self._flags."""
        lex = self.lexicon
        word = strings[sid]
        lemma = word.lower()
        flags = 0
        if lex.noun_patterns(lemma):
            flags |= _NOUN_PATTERNS
        if lex.verb_patterns(lemma) or lex.noun_patterns(lemma):
            flags |= _PATTERNS
        if word == "be":
            flags |= _BE
        if word in lex.cues.reporting_verbs:
            flags |= _REPORTING
        if lex.verb_patterns(word) or lex.noun_patterns(word):
            flags |= _FORM_PATTERNS
        if len(self._flags) >= WORDS_MAX:
            self._flags.clear()
        self._flags[sid] = flags
        return flags

    def _blame(self, here: _Here, triggers: list[Trigger]) -> list[_Raw]:
        """'X is the basis for the aggression', 'X is responsible for the attack': the speaker
        accuses X (CAMEO 112)."""
        document, sent, offset, ctx, in_quote = (
            here.document,
            here.sent,
            here.offset,
            here.ctx,
            here.in_quote,
        )
        cues = self.lexicon.cues
        conflict = {t.token.i for t in triggers if int(t.code[:2]) >= 11}
        out: list[_Raw] = []
        for tok in sent:
            if tok.lemma_ != "be":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            comp = next(
                (
                    c
                    for c in tok.children
                    if (c.dep_ == "attr" and c.lemma_.lower() in cues.blame_nouns)
                    or (c.dep_ in ("acomp", "prep") and c.lower_ in cues.blame_adjectives)
                ),
                None,
            )
            if subj is None or comp is None or not any(t.i in conflict for t in comp.subtree):
                continue
            targets = self._actors([subj], ctx, document.date)
            att = attribution_of(tok, cues, in_quote=in_quote, sent=sent)
            speaker = None
            if att.speaker_head is not None:
                found = self.resolver.resolve(
                    att.speaker_head, ctx, date=document.date, expand_conj=False
                )
                speaker = found[0] if found else None
            elif in_quote:
                speaker = _quote_speaker(ctx, offset + sent.start_char)
            if not targets or speaker is None:
                continue
            trig = Trigger(comp, "112", "X be blame-noun for conflict", (comp,))
            ev_date, precision = _event_date(tok, document.date)
            out += self._combine(
                here,
                trig,
                [speaker],
                targets,
                modality_of(tok, cues),
                att,
                speaker,
                False,
                ev_date,
                precision,
                None,
            )
        return out

    def _first_tier(
        self,
        tiers: Iterable[list[Token]],
        ctx: DocActors,
        date: str | None,
        sources: list[Actor] | None = None,
        *,
        own_forces: bool = False,
        own_means: bool = False,
    ) -> list[Actor]:
        """Targets of the first tier that names any. With ``own_forces`` (mobilizing,
        deploying), the source's own troops are what it moves, not whom it aims at."""
        countries = {s.country for s in sources or [] if s.country}
        home = countries if own_forces else set()
        for tier in tiers:
            found = [
                a
                for a in self._actors(tier, ctx, date)
                if (a.country or a.actor_id)
                and not _self_reference(a, sources or [])
                and not (a.country in home and a.sector in FORCE_SECTORS)
                and not (own_forces and a.text.split(" ")[0].lower() in SELF_WORDS)
                and not (
                    # "sent two navy ships carrying food to Haiti", "delivered fighter jets to
                    # Syria": the giver's own ships and jets are the means, not the receiver
                    own_means and a.sector == "MIL" and not a.actor_id and a.country in countries
                )
            ]
            if found:
                return found
            owned = [
                a
                for h in tier
                if (a := self.resolver.owner_of_thing(h, ctx, date=date)) is not None
                and not _self_reference(a, sources or [])
            ]
            if owned:
                return owned[:1]
        return []

    def _state_from(self, noun: Token, ctx: DocActors, date: str | None) -> Actor | None:
        """The country an expulsion is "from" ("the expulsion of X from Turkey"; the parser
        often hangs "from" on X)."""
        nodes = [noun] + [
            g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        places = [
            p
            for c in (c for n in nodes for c in n.children)
            if c.dep_ == "prep" and c.lower_ == "from"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return self._state_named(places, ctx, date)

    def _state_where_done(self, verb: Token, ctx: DocActors, date: str | None) -> Actor | None:
        """'was arrested in Lebanon', 'were expelled from Gabon': an arrest or expulsion
        nobody is named for is the act of the state where it is done."""
        kids = list(verb.children)
        if not any(c.dep_ == "nsubjpass" for c in kids) or any(c.dep_ == "agent" for c in kids):
            return None
        places = [
            p
            for c in kids
            if c.dep_ == "prep" and c.lower_ in ("in", "from")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        places += [  # "were ordered to leave Ghana"
            o
            for c in kids
            if c.dep_ == "xcomp" and c.lemma_ in LEAVING
            for o in c.children
            if o.dep_ == "dobj"
        ]
        return self._state_named(places, ctx, date)

    def _state_named(self, places: list[Token], ctx: DocActors, date: str | None) -> Actor | None:
        """The government of the first of ``places`` that names a country (the country
        itself or its capital, not an actor within it)."""
        for p in places:
            for a in self.resolver.resolve(p, ctx, date=date, expand_conj=False):
                entry = self.kb.country_entry(a.country) if a.country else None
                if entry is not None and a.actor_id in (None, entry.id):
                    return self._side_at(a.country, Actor(text=a.text, sector="GOV"))
        return None

    def _obligation(self, here: _Here, trigger_at: dict[int, Trigger]) -> list[_Raw]:
        """'Russia said that Sudan must return the helicopter': a demand (CAMEO 100) from the
        speaker to the one who must act. 'Moscow warned that it would cut gas deliveries
        unless Belarus paid': a warning of what the speaker will do is a threat (130)."""
        document, sent, ctx, in_quote = here.document, here.sent, here.ctx, here.in_quote
        cues = self.lexicon.cues
        out: list[_Raw] = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            if (
                tok.pos_ != "VERB"
                or lemma not in cues.reporting_verbs
                or lemma == "deny"
                or any(c.dep_ == "neg" for c in tok.children)
            ):
                continue
            for clause in (c for c in tok.children if c.dep_ == "ccomp"):
                modal = next(
                    (c for c in clause.children if c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX),
                    None,
                )
                code = "100"
                if _threat_idiom(clause):
                    # "Hezbollah said Israel would pay a heavy price": a threat against the
                    # one who will pay, from the one who says so
                    modal, code = clause, "130"
                elif modal is None and lemma in ALLEGING_VERBS:
                    # "a report alleged that France was aware of ...": an accusation
                    modal, code = tok, "112"
                warned = None
                if (
                    modal is None
                    and lemma in WARNING_VERBS
                    and clause.i not in trigger_at
                    and any(
                        c.dep_ == "aux" and c.lower_ in ANNOUNCING_AUX for c in clause.children
                    )
                ):
                    # "warned Kuwait that it would take measures unless ...": no act of its own
                    # in the warning, so the warning is the threat, aimed at the one warned or
                    # at the one the condition binds
                    warned = next((c for c in tok.children if c.dep_ == "dobj"), None) or next(
                        (
                            g
                            for c in clause.children
                            if c.dep_ == "advcl"
                            and any(
                                m.dep_ == "mark" and m.lower_ in cues.conditional_marks
                                for m in c.children
                            )
                            for g in c.children
                            if g.dep_ == "nsubj"
                        ),
                        None,
                    )
                    if warned is not None:
                        modal, code = tok, "130"
                if modal is None or any(c.dep_ == "neg" for c in clause.children):
                    continue
                subj = warned or next((c for c in clause.children if c.dep_ == "nsubj"), None)
                speaker_head = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is None or speaker_head is None:
                    continue
                sources = self._actors([speaker_head], ctx, document.date)
                targets = self._actors([subj], ctx, document.date)
                sources = [a for a in sources if a.country or a.actor_id]
                targets = [a for a in targets if a.country or a.actor_id]
                if not sources or not targets:
                    continue
                trig = Trigger(modal, code, "X say Y must Z / X allege that Y", (modal,))
                att = attribution_of(clause, cues, in_quote=in_quote, sent=sent)
                ev_date, precision = _event_date(tok, document.date)
                out += self._combine(
                    here,
                    trig,
                    sources,
                    targets,
                    "actual",
                    att,
                    sources[0],
                    False,
                    ev_date,
                    precision,
                    None,
                )
        return out

    def _speaker(
        self, att, ctx: DocActors, date: str | None, in_quote: bool, sent_start: int
    ) -> Actor | None:
        """Who says it: the reporting verb's subject, else the speaker of the open quote."""
        if att.speaker_head is not None and att.channel_speaker:
            return None  # the channel is in reporting_source
        if att.speaker_head is not None:
            found = self.resolver.resolve(att.speaker_head, ctx, date=date, expand_conj=False)
            return found[0] if found else Actor(text=_np_text(att.speaker_head))
        if in_quote:
            return _quote_speaker(ctx, sent_start)
        return None

    def _actors(self, heads: list[Token], ctx: DocActors, date: str | None) -> list[Actor]:
        out: list[Actor] = []
        for h in heads:
            for a in self.resolver.resolve(h, ctx, date=date):
                if a not in out:
                    out.append(a)
        known = [a for a in out if a.country or a.actor_id]
        return known if known else out[:1]

    def _verbal(self, here: _Here, trig: Trigger, trigger_at: dict[int, Trigger]) -> list[_Raw]:
        document, sent, offset, ctx, in_quote = (
            here.document,
            here.sent,
            here.offset,
            here.ctx,
            here.in_quote,
        )
        cues = self.lexicon.cues
        date = document.date
        source_heads = args.source_heads(trig)
        sources = (
            self._instrument_owner(trig.token, ctx, date)
            if trig.code[:2] in UNATTRIBUTED_ROOTS
            else []
        ) or self._actors(source_heads, ctx, date)
        if not any(_placed(a) for a in sources) and trig.token.dep_ == "acl":
            # "the American decision to send tanks": the decision's owner acts
            owners = [self.resolver.owner_of_thing(h, ctx, date=date) for h in source_heads]
            sources = [a for a in owners if a is not None] or sources
        if not any(_placed(a) for a in sources) and trig.code[:2] in UNATTRIBUTED_ROOTS:
            # "the air strikes by Russian jets killed nine people": the attack's own author
            subj = next((c for c in trig.token.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i in trigger_at and trigger_at[subj.i].nominal:
                authors = [
                    a
                    for a in self._actors(args.nominal_source_heads(subj), ctx, date)
                    if _placed(a)
                ]
                sources = authors or sources
        cause = (
            _cause_event(trig, trigger_at)
            if trig.code[:2] in RESPONSE_ROOTS or trig.token.lemma_.lower() in ANSWERING_VERBS
            else None
        )
        tiers = args.iter_target_tiers(trig)
        if cause is not None:
            # "threatened retaliation for the killing of its general by US drones": whoever
            # the killing hit is not whom the threat is aimed at; its author is (filled from
            # the killing's record by the document pass)
            inside = {t.i for t in cause.subtree}
            tiers = ([h for h in tier if h.i not in inside] for tier in tiers)
        targets = self._first_tier(
            tiers,
            ctx,
            date,
            sources,
            own_forces=trig.code[:2] == "15" or trig.code.startswith("087"),
            own_means=trig.code[:2] in ("06", "07"),
        )
        if not targets and trig.code[:2] == "07":
            # "sent 160 doctors to help Pakistan treat the wounded": whom the aid helps
            helped = [
                g
                for c in trig.token.children
                if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in HELPING_VERBS
                for g in c.children
                if g.dep_ in ("dobj", "nsubj") or (g.dep_ == "ccomp" and g.pos_ == "VERB")
            ]
            helped = [
                next((x for x in g.children if x.dep_ == "nsubj"), g) if g.dep_ == "ccomp" else g
                for g in helped
            ]
            targets = self._first_tier([helped], ctx, date, sources, own_means=True)
        if (
            not targets
            and trig.token.dep_ == "ccomp"
            and trig.token.head.lemma_.lower() in WARNING_VERBS
        ):
            # "the UN warned Ivory Coast's government that it would withdraw its peacekeepers":
            # what a warning announces is aimed at the one warned
            warned = [c for c in trig.token.head.children if c.dep_ in ("dobj", "dative")]
            targets = self._first_tier([warned], ctx, date, sources)
        modality = modality_of(trig.token, cues)
        if trig.code[:2] in UNATTRIBUTED_ROOTS and _prepared(trig.token):
            # "the army prepared to resume shelling": getting ready to strike is a show of
            # force (150), done now, not a threat
            trig, modality = replace(trig, code="150"), "actual"
        att = attribution_of(trig.token, cues, in_quote=in_quote, sent=sent)
        speaker = self._speaker(att, ctx, date, in_quote, offset + sent.start_char)

        if (
            not sources
            and speaker is not None
            and trig.code[:2] in SPEECH_ROOTS
            and att.reporting_verb is None
            and in_quote
        ):
            sources = [speaker]
        if not sources and (trig.code[:2] == "17" or trig.code[:3] in ("161", "166")):
            state = self._state_where_done(trig.token, ctx, date)
            if state is not None:
                sources = [state]
        obj_event = None
        dobj = args.named_object(
            trig.token, next((c for c in trig.token.children if c.dep_ == "dobj"), None)
        )
        if cause is not None:
            obj_event = cause
        elif dobj is not None and dobj.i in trigger_at and trigger_at[dobj.i].nominal:
            obj_event = dobj
        elif trig.code[:2] in SPEECH_ROOTS:
            # "expressed concern over the arrest of opposition leaders": about whoever did it
            obj_event = next(
                (
                    p
                    for w in trig.tokens  # the verb or its pattern noun ("concern over")
                    for p in args.prep_objects(w, ("over", "about", "at"))
                    if p.i in trigger_at and trigger_at[p.i].nominal
                ),
                None,
            )
        ev_date, precision = _event_date(trig.token, document.date)
        background = background_of(trig.token, cues)
        tok = trig.token
        accuser = tok.head.head if tok.dep_ == "pcomp" else None
        if accuser is not None and accuser.dep_ == "dobj" and accuser.pos_ in ("NOUN", "PROPN"):
            accuser = accuser.head  # "accused Somali troops of executing": "of" on the accused
        if (
            accuser is not None
            and tok.head.lower_ in ("of", "for")
            and accuser.lemma_.lower() in args.ACCUSING_VERBS
        ):
            # "accused the RSF of shelling a hospital": what the accusation says was done, the
            # context of the accusation and no more than alleged
            background = True
            if att.certainty == "asserted":
                att = replace(att, certainty="claimed")
        raws = self._combine(
            here,
            trig,
            sources,
            targets,
            modality,
            att,
            speaker,
            background,
            ev_date,
            precision,
            obj_event,
        )
        if (
            modality in ("future", "conditional") or trig.code[:2] == "03"
        ) and threat_condition(trig.token, cues):
            for r in raws:
                r.extra["threat"] = True
        return raws

    def _instrument_owner(self, verb: Token, ctx: DocActors, date: str | None) -> list[Actor]:
        """ "killed in Israeli tank shelling": the parser reads the compound noun as a noun
        and a verb; the side named on the noun before the -ing form fired."""
        noun = _instrument_noun(verb)
        if noun is None:
            return []
        named = [a for a in self._actors([noun], ctx, date) if _placed(a)]
        owner = self.resolver.owner_of_thing(noun, ctx, date=date)
        return named or ([owner] if owner is not None else [])

    def _nominal(
        self, here: _Here, trig: Trigger, light: Token | None, trigger_at: dict[int, Trigger]
    ) -> list[_Raw]:
        document, sent, offset, ctx, in_quote = (
            here.document,
            here.sent,
            here.offset,
            here.ctx,
            here.in_quote,
        )
        cues = self.lexicon.cues
        date = document.date
        noun = trig.token
        toll = False
        if light is not None and light.lemma_.lower() in RECEIVING_VERBS:
            # "received weapons from the government": the giver is the source
            givers = [
                p
                for c in light.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            givers += [
                p
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            sources = self._actors(givers, ctx, date)
            targets = self._actors(
                args.source_heads(Trigger(light, trig.code, "", (light,))), ctx, date
            )
            modality = modality_of(light, cues)
            att = attribution_of(light, cues, in_quote=in_quote, sent=sent)
            background = background_of(light, cues)
        elif light is not None:
            sources = self._actors(
                args.source_heads(Trigger(light, trig.code, "", (light,))), ctx, date
            )
            targets = self._first_tier(
                itertools.chain(
                    [args.nominal_target_heads(noun, trig)],
                    args.iter_target_tiers(Trigger(light, trig.code, "", (light, noun))),
                    [args.nested_heads(noun)],
                ),
                ctx,
                date,
                sources,
            )
            modality = modality_of(light, cues)
            att = attribution_of(light, cues, in_quote=in_quote, sent=sent)
            background = background_of(light, cues)
        else:
            gov = noun.head.head if noun.dep_ == "pobj" else None
            src_heads = args.nominal_source_heads(
                noun, circumstance=gov is None or gov.i not in trigger_at
            )
            sources = self._actors(src_heads, ctx, date)
            if (
                not sources
                and gov is not None
                and noun.head.lower_ in ("for", "over")
                and gov.i in trigger_at
                and trigger_at[gov.i].code[:2] in BLAME_ROOTS
            ):
                # "condemned Israel for the air strikes": the strikes were Israel's
                blamed = [c for c in gov.children if c.dep_ == "dobj"]
                sources = [a for a in self._actors(blamed, ctx, date) if a.country]
            from_modifier = bool(src_heads) and all(
                h.head.i == noun.i and h.dep_ in ("compound", "amod", "nmod") for h in src_heads
            )
            target_heads = args.nominal_target_heads(noun, trig)
            targets = self._actors(target_heads, ctx, date)
            targets = [t for t in targets if t not in sources]
            toll = (
                noun.dep_ == "pobj"
                and noun.head.head.i in trigger_at
                and _attack_in(trigger_at[noun.head.head.i], trigger_at) == noun.i
            )
            if not any(t.country or t.actor_id for t in targets):
                targets = (
                    self._first_tier([target_heads, args.nested_heads(noun)], ctx, date, sources)
                    or targets
                )
            if toll and not any(t.country or t.actor_id for t in targets):
                # "two policemen were killed in a suicide attack": the attack's victims, unless
                # they only borrow the attacker's country ("five people killed in US strikes")
                victims = [c for c in noun.head.head.children if c.dep_ == "nsubjpass"]
                homes = {s.country for s in sources}
                targets = [
                    t for t in self._first_tier([victims], ctx, date, sources)
                    if t.country not in homes
                ] or targets
            if not sources and trig.code[:2] == "15":
                # "the deployment of NATO troops in Estonia": the forces moved are the side
                # that moves them; where they go is whom it is aimed at
                moved = args.prep_objects(noun, ("of",))
                forces = [a for a in self._actors(moved, ctx, date) if _placed(a)]
                if forces:
                    sources = forces
                    targets = self._first_tier(
                        [args.prep_objects(noun, ("to", "in", "into", "near"))],
                        ctx,
                        date,
                        sources,
                        own_forces=True,
                    )
            if not sources:
                # "a ceasefire between Israel and Hezbollah", "talks between Russia and
                # Ukraine": the first side named acts towards the others
                sides = [a for a in self._actors(args.between_heads(noun), ctx, date) if a.country]
                if len(sides) >= 2 and (
                    noun.lemma_.lower() in RECIPROCAL_LEMMAS or noun.lower_ in RECIPROCAL_LEMMAS
                ):
                    sources, targets = sides, []  # "clashes between X and Y": each on the other
                elif len(sides) >= 2:
                    sources, targets = sides[:1], [t for t in sides[1:] if t != sides[0]]
            if not sources and (trig.code[:2] == "17" or trig.code[:3] in ("161", "166")):
                # "the expulsion of the Dutch ambassador from Turkey": the state expelling
                state = self._state_from(noun, ctx, date)
                if state is not None:
                    sources = [state]
                    targets = [t for t in targets if t.country != state.country] or [
                        t for t in targets if t.country
                    ]
            modality = nominal_modality(noun, cues)
            gov = _governing_verb(noun)
            answered = gov is not None and _answered_event(noun, gov)
            if (
                modality == "actual"
                and gov is not None
                and not background_of(noun, cues)
                and not answered
            ):
                gov_mod = modality_of(gov, cues)
                if gov_mod in ("hypothetical", "conditional", "future"):
                    modality = "hypothetical" if gov_mod == "future" else gov_mod
            att = attribution_of(noun, cues, in_quote=in_quote, sent=sent)
            if (
                att.certainty == "asserted"
                and noun.dep_ == "nsubjpass"
                and noun.head.lemma_.lower() in args.BLAMING_VERBS
            ):
                att = replace(att, certainty="claimed")  # "was blamed on X": X is accused of it
            background = background_of(noun, cues) or (
                noun.dep_ == "dobj" and noun.head.i in trigger_at
            )
            if (
                noun.dep_ == "pobj"
                and noun.head.head.i in trigger_at
                and not trigger_at[noun.head.head.i].nominal
                and not toll
            ):
                background = True
            if (
                noun.dep_ == "pobj"
                and noun.head.lower_ == "for"
                and noun.head.head.pos_ == "VERB"
                and noun.head.head.i not in trigger_at
            ):
                background = False  # "converged for a rally": a purpose, not context
            if toll:
                background = background_of(noun.head.head, cues)
            if answered:
                background = True  # "vowed to respond to the Israeli strike": it happened
        speaker = self._speaker(att, ctx, date, False, offset + sent.start_char)
        ev_date, precision = _event_date(noun, document.date)
        raws = self._combine(
            here,
            trig,
            sources,
            targets,
            modality,
            att,
            speaker,
            background,
            ev_date,
            precision,
            None,
        )
        if light is None and not sources and not targets and not toll:
            for r in raws:
                r.extra["unanchored"] = True  # but a toll's attack is placed by the deaths
        for r in raws:
            if toll:
                r.extra["toll"] = True
            elif light is None:
                r.extra["bare_nominal"] = True  # "the agreement", not "signed an agreement"
        if light is None and sources and from_modifier:
            for r in raws:
                r.extra["source_from"] = "modifier"
        return raws

    def _combine(
        self,
        here: _Here,
        trig: Trigger,
        sources: list[Actor],
        targets: list[Actor],
        modality: str,
        att,
        speaker: Actor | None,
        background: bool,
        ev_date: str | None,
        precision: str | None,
        obj_event: Token | None,
    ) -> list[_Raw]:
        """Raw events of one trigger: one per source and target, or both ways for acts two
        coordinated sides do to each other."""
        out: list[_Raw] = []

        extra = {"reporting_verb": att.reporting_verb} if att.reporting_verb is not None else {}

        def make(s: Actor | None, t: Actor | None) -> _Raw:
            return _Raw(
                trig,
                here.sent_index,
                here.sent,
                here.offset,
                here.section,
                s,
                t,
                modality,
                att.certainty,
                speaker,
                att.reporting_source,
                list(att.hedges),
                background,
                ev_date,
                precision,
                obj_event,
                dict(extra),
            )

        reciprocal = len(sources) > 1 and (
            trig.code[:2] in RECIPROCAL_ROOTS
            or trig.code.startswith(RECIPROCAL_CODES)
            or trig.token.lemma_.lower() in RECIPROCAL_LEMMAS
            or _each_other(trig.token)
        )
        if reciprocal and targets and {t.country for t in targets} <= {s.country for s in sources}:
            targets = []  # "India and Pakistan resumed talks in New Delhi": with each other
        if not targets and reciprocal:
            # "Obama and Putin met", "accused each other": each side acts on the other
            for s in sources:
                for t in sources:
                    if s is not t and s.country != t.country:
                        out.append(make(s, t))
            if out:
                return out
        for s in sources or [None]:
            # "upgraded their ties", "in its war": a target that is the source itself
            own = [
                t
                for t in targets
                if s is None or not (s == t or _self_reference(t, [s]) or _own_country(s, t))
            ]
            for t in own or [None]:
                out.append(make(s, t))
        return out

    def _document_pass(self, raws: list[_Raw]) -> list[_Raw]:
        """Fill missing sources of nominal events from other mentions of the same kind in the
        document ("the strikes" ... "the Sunday strikes by the US"), then point speech acts at
        the authors of the events they are about ("condemning the strikes")."""
        by_root: dict[str, list[_Raw]] = {}
        for r in raws:
            if (
                r.source is not None
                and r.source.country
                and (r.trigger.nominal or r.trigger.code[:2] in UNATTRIBUTED_ROOTS)
                and r.modality == "actual"
                and r.extra.get("source_from") != "modifier"
            ):
                by_root.setdefault(r.trigger.code[:2], []).append(r)
        out: list[_Raw] = []
        for r in raws:
            if r.extra.get("source_from") == "modifier" and r.target is None:
                # "the Syria strikes": a country modifier that other mentions name as target
                lemma = r.trigger.token.lemma_
                if any(
                    d.trigger.nominal
                    and d.trigger.token.lemma_ == lemma
                    and d.target is not None
                    and d.target.country == r.source.country
                    for d in raws
                ):
                    r = replace(
                        r, target=r.source, source=None, extra={**r.extra, "source_from": None}
                    )
            if r.trigger.nominal and r.source is None and r.modality == "actual":
                definite = any(
                    c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those")
                    for c in r.trigger.token.children
                )
                same_target = [
                    d
                    for d in by_root.get(r.trigger.code[:2], [])
                    if r.target is None or d.target is None or d.target.country == r.target.country
                ]
                # "the latest air strikes" take up another mention of strikes first ("the
                # Sunday strikes by the US"), and only failing one any act of force on the
                # same side ("the unit also fights in Syria" is not who struck)
                donors = [
                    d
                    for d in same_target
                    if d.trigger.token.lemma_ == r.trigger.token.lemma_
                    or (definite and d.trigger.nominal)
                ] or [d for d in same_target if definite]
                seen: set = set()
                filled = False
                for d in donors:
                    key = (d.source.country, d.source.actor_id)
                    if key in seen or (
                        r.target is not None and d.source.country == r.target.country
                    ):
                        continue
                    seen.add(key)
                    out.append(
                        replace(r, source=d.source, extra={**r.extra, "source_from": "document"})
                    )
                    filled = True
                if filled:
                    continue
            out.append(r)
        final: list[_Raw] = []
        for r in out:
            if r.extra.get("unanchored") and r.source is None:
                continue  # a bare nominal with no actor anywhere is not an event record
            if r.object_event is not None and _rules_out(r):
                r = _ruling_on(r, out)
            if r.object_event is not None and r.target is None:
                authors = [
                    x.source
                    for x in out
                    if x.trigger.token.i == r.object_event.i
                    and x.source is not None
                    and x.sent_index == r.sent_index
                    and x.offset == r.offset
                    and x.source.country
                ]
                if authors:
                    for a in dict.fromkeys(authors):
                        if r.source is not None and a.country == r.source.country:
                            continue
                        final.append(replace(r, target=a))
                    continue
            final.append(r)
        return _share_targets(final) + self._allegations(final)

    def _allegations(self, raws: list[_Raw]) -> list[_Raw]:
        """A party that says another side attacked is accusing it: "the US claimed that ISIL
        had attacked Iraq" is also the US accusing ISIL (112), whatever became of the attack."""
        out: list[_Raw] = []
        seen: set[tuple] = set()
        for r in raws:
            verb = r.extra.get("reporting_verb")
            speaker, author = r.speaker, r.source
            if (
                verb is None
                or r.trigger.code[:2] not in UNATTRIBUTED_ROOTS  # violence, said of another side
                or r.background
                or r.modality != "actual"
                or r.certainty not in ("claimed", "unconfirmed")
                or speaker is None
                or author is None
                or not speaker.country
                or speaker.sector in MONITOR_SECTORS
                or _onlooker(speaker)
                or not author.country
                or speaker.country == author.country
                or verb.lemma_.lower() in self.lexicon.cues.channel_nouns
            ):
                continue
            key = (r.offset, verb.i, _actor_key(author))
            if key in seen:
                continue
            seen.add(key)
            trig = Trigger(verb, ALLEGATION_CODE, verb.lemma_.lower(), (verb,))
            out.append(
                replace(
                    r,
                    trigger=trig,
                    source=speaker,
                    target=author,
                    modality="actual",
                    certainty="asserted",
                    hedges=[],
                    object_event=r.trigger.token,
                    extra={"alleged": r.trigger.code},
                )
            )
        return out

    def _records(
        self, document: Document, raws: list[_Raw], geo: DocGeo | None = None
    ) -> list[EventMention]:
        out: list[EventMention] = []
        seen: set[str] = set()
        if geo is not None and self.locator is not None:
            self.locator.note_countries(
                geo, (a.country for r in raws for a in (r.source, r.target) if a is not None)
            )
        raws = _claimed_authors(raws)
        for r in raws:
            if (
                not _placed(r.source)
                and not _placed(r.target)
                and (
                    r.trigger.code[:2] not in UNATTRIBUTED_ROOTS
                    or (r.trigger.nominal and not r.extra.get("toll"))
                )
            ):
                # "a protestor demolished the building": no one we can place; but "twelve
                # were killed in a bomb blast in Quetta" is placed by its toponym below
                continue
            if r.source is None and (
                (r.target is None and not r.extra.get("toll"))
                or r.trigger.code[:2] not in UNATTRIBUTED_ROOTS
                or (r.trigger.nominal and not r.extra.get("toll"))
            ):
                # no actor on either side is nothing an analyst can use; a statement or a
                # cooperative act with no author is not an event. Attacks, bombings and mass
                # violence on a named target are kept with an unknown source.
                continue
            code = _expelled_envoy(_by_whom(r.trigger.code, r.source, r.trigger.token), r)
            if code[:2] == "04" and r.target is not None and r.target.sector == "MED":
                continue  # speaking to a television channel is an interview, not a consultation
            tok = r.trigger.token
            if (
                r.target is None
                and code[:2] in ("02", "05", "10", "11", "12")
                and tok.dep_ == "advcl"
                and tok.tag_ == "VBG"
                and not any(c.dep_ == "nsubj" for c in tok.children)
            ):
                continue  # "..., urging restraint": a participial aside aimed at no one
            if code[:3] in ("015", "016") and r.target is None:
                r = self._claimed_target(r, raws, geo)
            if code[:2] == "01" and r.target is None:
                continue  # "made a statement", "hoped": a comment aimed at no one is no event
            act = code
            if r.extra.get("threat") and code[:2] not in ("13",):
                threat = self.ontology.intent(code)
                code = threat if threat and threat.startswith("13") else "130"
            elif r.modality in ("future", "conditional") and (
                code[:2] not in SPEECH_ROOTS or code[:2] == "05"
            ):
                code = self.ontology.intent(code) or code
            if (
                r.modality == "negated"
                and quad_class(code) <= 2
                and not _negated_by_another(r.trigger.token)
            ):
                # but "refused to allow the envoy to meet them": the envoy refused nothing
                # "refused to withdraw", "would not provide support": the refusal is the act
                reject = REJECT_OF.get(code[:3]) or REJECT_OF.get(code[:2]) or "120"
                if reject in self.ontology:
                    code = reject
                    r = replace(
                        r,
                        modality=self._refusal_modality(r.trigger.token),
                        extra={**r.extra, "negated_act": r.trigger.code},
                    )
            target = r.target
            if (
                code[:2] in DOMESTIC_ROOTS
                and r.source is not None
                and r.source.country
                and (target is None or not (target.country or target.actor_id))
            ):
                # CAMEO convention: a protest, coercion or assault on unnamed people at home
                # is aimed at the source's own country ("police arrested opponents")
                entry = self.kb.country_entry(r.source.country)
                target = Actor(
                    text=target.text if target else "",
                    country=r.source.country,
                    name=entry.name if entry else None,
                    sector=target.sector if target else "GOV",
                    cameo_actor=r.source.country + ((target.sector or "") if target else "GOV"),
                    affiliations=(),
                )
                r = replace(r, target=target, extra={**r.extra, "target_from": "domestic"})
            info = self.ontology.get(code)
            start, end = r.offset + r.trigger.start, r.offset + r.trigger.end
            key = "|".join(
                [
                    document.id,
                    str(r.sent_index),
                    str(start),
                    str(end),
                    code,
                    _actor_key(r.source),
                    _actor_key(r.target),
                ]
            )
            event_id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
            if event_id in seen:
                continue
            seen.add(event_id)
            undirected = self.settings.directed_only and (
                code[:2] in ADDRESSED_ROOTS
                or (code[:2] in DIRECTED_ROOTS and r.trigger.nominal)
                or bool(r.extra.get("bare_nominal"))
            )
            if target is None and undirected and code[:2] not in UNATTRIBUTED_ROOTS:
                continue  # dropped below in any case: only there can a location name a target
            sent_start = r.offset + r.sent.start_char
            location = self._locate(r, code, geo)
            source = r.source
            where = (
                location.country
                if location is not None
                and location.source == "text"
                and location.country
                and len(location.country) == 3
                else None
            )
            if (
                where
                and not _placed(source)
                and (
                    (
                        code[:2] in UNATTRIBUTED_ROOTS
                        and not (_placed(target) and target.country == where)
                    )
                    or (code[:2] == "14" and source is not None and source.sector)
                )
            ):
                # "a roadside bombing near Samarra killed a US soldier": an attack by no one
                # named is coded, as CAMEO coders do, to the country where it happened; so
                # are unnamed fighters ("rebels seized two villages near Goma") and a crowd
                # ("protesters burned a flag outside the US embassy in Baghdad")
                source = self._side_at(where, source)
            borrowed = (
                target is not None
                and source is not None
                and not target.actor_id
                and target.country is not None
                and target.country == source.country
            )
            if (
                where
                and code[:2] in UNATTRIBUTED_ROOTS
                and (target is None or not (target.country or target.actor_id) or borrowed)
                and where != (target.country if target is not None else None)
            ):
                # "killed the deputy chief of a militia in southern Lebanon": victims no one
                # names are, as CAMEO coders code them, of the country where it happened
                entry = self.kb.country_entry(where)
                sector = target.sector if target is not None else None
                target = Actor(
                    text=target.text if target is not None else "",
                    country=where,
                    name=entry.name if entry else None,
                    sector=sector,
                    cameo_actor=where + (sector or ""),
                    affiliations=target.affiliations if target is not None else (),
                )
            if where and code[:2] == "15" and target is None and _placed(source):
                # "deployed riot police across Nairobi", "massed troops in Crimea": a show of
                # force is aimed at the place it is made in
                target = self._country_side(where)
            if not _placed(source) and not _placed(target):
                continue  # an attack by and on no one the text or its places name
            if target is None and undirected:
                # an appeal or accusation to no one we can name, or "the strikes" mentioned
                # again with no target: not a dyad an analyst can use
                continue
            out.append(
                EventMention(
                    event_id=event_id,
                    doc_id=document.id,
                    sentence_index=r.sent_index,
                    sentence=document.text[sent_start : r.offset + r.sent.end_char].strip(),
                    evidence=Evidence(start, end, document.text[start:end]),
                    date=r.date,
                    date_precision=r.date_precision,
                    cameo_code=code,
                    cameo_root=code[:2],
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    plover_type=info.plover_type,
                    plover_mode=info.plover_mode,
                    source=source,
                    target=target,
                    modality=r.modality,
                    certainty=r.certainty,
                    speaker=r.speaker,
                    reporting_source=r.reporting_source,
                    hedges=tuple(r.hedges),
                    background=r.background,
                    location=location,
                    coder=self.name,
                    section=r.section,
                    cameo_name=info.name,
                    act_code=act if act != code else None,
                )
            )
        return out

    def _refusal_modality(self, tok: Token) -> str:
        """The refusal's own modality: "demanded that its partners refuse to recognize X" is a
        demanded refusal, not one that happened."""
        cues = self.lexicon.cues
        for head in governing_chain(tok, limit=3):
            if head.lemma_.lower() in cues.negating_verbs:
                mod = modality_of(head, cues)
                return "actual" if mod == "negated" else mod
        return "actual"

    def _claimed_target(self, r: _Raw, raws: list[_Raw], geo: DocGeo | None) -> _Raw:
        """ "al-Shabab claimed responsibility for the attack on a mall in Nairobi": a claim
        (or denial) of an attack is aimed at the attack's target, or at the country where the
        sentence places it."""
        for d in _claimed_attacks(r, raws):
            if d.target is not None and (d.target.country or d.target.actor_id):
                return replace(r, target=d.target)
            where = self._locate(d, d.trigger.code, geo)
            if where is not None and where.source == "text" and where.country:
                return replace(r, target=self._country_side(where.country))
        return r

    def _side_at(self, country: str, like: Actor | None) -> Actor:
        """The side the text places in ``country``: a bare country, or ``like`` (an unnamed
        group with a sector: "rebels", "protesters") given that country."""
        side = self._country_side(country)
        if like is None or not like.sector:
            return side
        return replace(
            side,
            text=like.text,
            sector=like.sector,
            cameo_actor=country + like.sector,
            affiliations=like.affiliations,
        )

    def _country_side(self, country: str) -> Actor:
        """A side known only by the country where the text places the act: no actor id."""
        entry = self.kb.country_entry(country)
        return Actor(
            text="", country=country, name=entry.name if entry else None, cameo_actor=country
        )

    def _locate(self, r: _Raw, code: str, geo: DocGeo | None) -> Location | None:
        if geo is None or self.locator is None:
            return None
        return self.locator.locate(
            r.trigger.token,
            r.trigger.tokens,
            r.sent,
            geo,
            root=code[:2],
            countries=tuple(a.country for a in (r.target, r.source) if a and a.country),
        )


LINKED_DEPS = ("xcomp", "advcl")
ADDRESSED_ROOTS = {"02", "07", "10", "11", "16"}
DIRECTED_ROOTS = {"02", "07", "10", "11", "13", "16", "17", "18", "19", "20"}
HELPING_VERBS = {"help", "assist"}
ADDRESSED_ONLY = {"want"}  # an appeal only when someone else is to act: "wants Putin to"
HELPING_OR_WANTING = frozenset(HELPING_VERBS | ADDRESSED_ONLY)
ALLEGATION_CODE = "112"
# people who tell what they saw or learnt, not a side: "..., diplomats said"
ONLOOKERS = frozenset(
    {
        "diplomat",
        "diplomats",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "source",
        "sources",
        "analyst",
        "analysts",
        "observer",
        "observers",
        "journalist",
        "journalists",
        "correspondent",
        "correspondents",
        "doctor",
        "doctors",
        "medic",
        "medics",
        "survivor",
        "survivors",
        "activist",
        "activists",
    }
)


def _onlooker(speaker: Actor) -> bool:
    """A speaker named only as an onlooker ("diplomats", "witnesses"), whose country is a
    guess from the sentence, is no side accusing another."""
    words = (speaker.text or "").split()
    return (
        not speaker.actor_id
        and bool(words)
        and words[-1].lower() in ONLOOKERS
        and not any(w[:1].isupper() for w in words[1:])
    )
MONITOR_SECTORS = {"NGO", "MED"}  # monitors and media report violence; they are not its parties


RESPONSE_ROOTS = {"11", "12", "13"}  # accusations, rejections and threats answer an act


def _each_other(verb: Token) -> bool:
    """ "Israel and Hamas accused each other", "blamed one another": a reciprocal object."""
    for c in verb.children:
        if c.dep_ == "dobj" or c.dep_ == "prep":
            objs = [c] if c.dep_ == "dobj" else [p for p in c.children if p.dep_ == "pobj"]
            for o in objs:
                words = {o.lower_, *(d.lower_ for d in o.children if d.dep_ == "det")}
                if words >= {"each", "other"} or words >= {"one", "another"}:
                    return True
    return False


def _cause_event(trig: Trigger, trigger_at: dict[int, Trigger]) -> Token | None:
    """The attack a threat or accusation answers, named "for"/"over" it: "vowed revenge for
    the killing of X by Y", "threatened retaliation over the raid"; or what a retaliation
    answers: "retaliate for the raid", "respond to the strike", "avenge the killing"."""
    answering = trig.token.lemma_.lower() in ANSWERING_VERBS
    for head in trig.tokens:
        for c in head.children:
            if c.dep_ == "prep" and (
                c.lower_ in ("for", "over") or (answering and c.lower_ == "to")
            ):
                attack = _attack_object(c, trigger_at)
                if attack is not None:
                    return attack
            if (
                answering
                and c.dep_ == "dobj"
                and c.i in trigger_at
                and trigger_at[c.i].nominal
                and trigger_at[c.i].code[:2] in UNATTRIBUTED_ROOTS
            ):
                return c  # "vowed to avenge the killing of its commander"
    return None


def _attack_object(prep: Token, trigger_at: dict[int, Trigger]) -> Token | None:
    """The object of ``prep`` when it names an attack ("in an air strike", "for the raid")."""
    for p in prep.children:
        if (
            p.dep_ == "pobj"
            and p.i in trigger_at
            and trigger_at[p.i].nominal
            and trigger_at[p.i].code[:2] in UNATTRIBUTED_ROOTS
        ):
            return p
    return None


def _means_of(trig: Trigger, trigger_at: dict[int, Trigger]) -> Trigger | None:
    """The attack a killing names as its means ("killed a commander in a drone strike",
    "wounded five during a raid"), when its code says more than the killing's."""
    verb = trig.token
    if trig.nominal or trig.code[:2] not in UNATTRIBUTED_ROOTS:
        return None
    if verb.lemma_.lower() not in TOLL_VERBS:
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during"):
            attack = _attack_object(c, trigger_at)
            if attack is not None:
                means = trigger_at[attack.i]
                return means if means.code != trig.code and len(means.code) >= 3 else None
    return None


def _attack_in(trig: Trigger, trigger_at: dict[int, Trigger]) -> int | None:
    """The attack that a passive "were killed in ..." with no agent reports: "killed in an
    air strike by government forces", "wounded in Russian artillery shelling". That attack
    is the event; the killing is its toll."""
    verb = trig.token
    if trig.nominal or trig.code[:2] not in UNATTRIBUTED_ROOTS:
        return None
    kids = list(verb.children)
    toll_verb = verb.lemma_.lower() in TOLL_VERBS  # "killed ... at a mosque": a place
    if not any(c.dep_ == "nsubjpass" for c in kids) or any(
        c.dep_ == "agent"
        or (
            not toll_verb
            and c.dep_ == "prep"
            and c.lower_ in ("at", "on", "against", "from")
        )
        for c in kids
    ):
        return None  # "a mortar bomb was fired at it from Gaza": the firing names its sides
    for c in kids:
        if c.i not in trigger_at or trigger_at[c.i].code[:2] not in UNATTRIBUTED_ROOTS:
            if c.dep_ != "prep" or c.lower_ not in ("in", "during"):
                continue
            attack = _attack_object(c, trigger_at)
            if attack is not None:
                return attack.i
        elif c.dep_ == "advcl" and (_instrument_noun(c) is not None or toll_of(c)):
            return c.i  # "killed in Israeli tank shelling", "killed when gunmen attacked"
    return None


def _instrument_noun(verb: Token) -> Token | None:
    """The noun before an -ing form the parser split off a compound: "killed in Israeli tank
    shelling" parses as "in Israeli tank" + "shelling"."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.i == 0:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children):
        return None
    noun = verb.doc[verb.i - 1]
    if (
        noun.dep_ != "pobj"
        or noun.head.lower_ not in ("in", "by")
        or noun.head.head.i != verb.head.i
        or any(c.dep_ == "det" for c in noun.children)
    ):
        return None
    return noun


def _has_subject(verb: Token, deps: tuple[str, ...]) -> bool:
    return any(c.dep_ in deps for c in verb.children)


def _linked(a: _Raw, b: _Raw) -> bool:
    """One act is the purpose of the other ("summoned the ambassador to complain", "opened
    fire to disperse demonstrators"), or a forceful act the manner of another ("...,
    killing one person"). A participial speech act ("..., urging talks") is an aside."""
    ta, tb = a.trigger.token, b.trigger.token
    if tb.head.i == ta.i and tb.dep_ in LINKED_DEPS:
        child = tb
    elif ta.head.i == tb.i and ta.dep_ in LINKED_DEPS:
        child = ta
    else:
        return False
    if is_infinitive(child):
        return True
    return child.tag_ == "VBG" and a.trigger.code[:2] >= "14" and b.trigger.code[:2] >= "14"


def _home_place(r: _Raw) -> bool:
    """A protest aimed at its own country, mostly the place it is held in ("demonstrated in
    Tehran"): a purpose that names another side says whom it is against."""
    # (a crowd the text gives no country keeps its place: its country, the hint that places
    # the town, would be lost: "marched in Dhaka to denounce India" put Dhaka in India)
    return (
        r.trigger.code[:2] == "14"
        and r.target is not None
        and r.source is not None
        and bool(r.source.country)
        and r.target.country == r.source.country
    )


def _share_targets(raws: list[_Raw]) -> list[_Raw]:
    """An act with no target whose purpose or manner clause, by the same actor, names one is
    aimed at that target too ("X summoned Y's ambassador to complain" is a complaint to Y)."""
    out: list[_Raw] = []
    for r in raws:
        home = _home_place(r)
        protest = r.trigger.code[:2] == "14"  # also by a crowd the text gives no country yet
        if r.source is None or not (r.source.country or protest) or not (r.target is None or home):
            out.append(r)
            continue
        key = _actor_key(r.source)
        donors = [
            d.target
            for d in raws
            if d is not r
            and d.target is not None
            and d.source is not None
            and d.sent_index == r.sent_index
            and d.offset == r.offset
            and _actor_key(d.source) == key
            and _linked(r, d)
        ]
        if home:  # a home place gives way only to another country
            donors = [t for t in donors if t.country and t.country != r.target.country]
        if not donors:
            out.append(r)
            continue
        seen: set[str] = set()
        for t in donors:
            if _actor_key(t) not in seen:
                seen.add(_actor_key(t))
                out.append(replace(r, target=t, extra={**r.extra, "target_from": "linked"}))
    # "rallied to denounce X", "blocked a road to show their anger at X": the protest's aim,
    # not a statement of its own
    aims = {
        id(d)
        for r in raws
        if r.trigger.code[:2] == "14"
        for d in raws
        if d.trigger.code[:2] == "11"
        and d.trigger.token.head.i == r.trigger.token.i  # the purpose of the protest
        and _linked(r, d)
        and d.sent_index == r.sent_index
        and d.offset == r.offset
    }
    return [r for r in out if id(r) not in aims]


def _placed(actor: Actor | None) -> bool:
    """An actor we can put on the map of actors: a country, an IGO or a known actor."""
    return actor is not None and bool(actor.country or actor.actor_id)


def _self_reference(actor: Actor, sources: list[Actor]) -> bool:
    """'their first meeting', 'its borders': a possessive pointing back at the source."""
    first = actor.text.split(" ")[0].lower() if actor.text else ""
    return first in SELF_WORDS and any(s.country == actor.country for s in sources)


def _own_country(source: Actor, target: Actor) -> bool:
    """ "Kostunica promised to democratize Serbia": an official acting on his own country as a
    whole is acting at home, with no other side."""
    return (
        bool(source.country)
        and source.sector in ("GOV", "MIL", "LEG", "JUD")
        and target.sector is None
        and (target.actor_id or "").upper() == source.country
    )


def _actor_key(a: Actor | None) -> str:
    if a is None:
        return "-"
    return a.actor_id or f"{a.country}:{a.sector}:{a.text}"


def _prepared(tok: Token) -> bool:
    """ "prepared to attack", "were preparing to resume shelling": the act is the xcomp of an
    unnegated verb 'prepare' (the adjective in "is prepared to" is a stated readiness)."""
    cur = tok
    for _ in range(3):
        if cur.dep_ != "xcomp" or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() == "prepare" and cur.pos_ == "VERB":
            return cur.dep_ != "acomp" and not any(c.dep_ == "neg" for c in cur.children)
    return False


def _governing_verb(noun: Token) -> Token | None:
    cur = noun
    for _ in range(4):
        if cur.dep_ not in ("pobj", "prep", "attr", "dobj", "nsubj", "conj") or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def _np_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text


THREAT_IDIOMS = {
    "pay": {"price", "cost", "dearly"},
    "regret": set(),
    "face": {"consequence", "wrath", "retaliation", "response", "reprisal", "revenge"},
    "bear": {"consequence", "responsibility"},
}


SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")
SPAN_OF_TIME = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\s?(?:year|month|week|day|hour)")


def _sporting(sent: Span, cues) -> bool:
    """The sentence reports a game: a score ("3-1") or a word of sport."""
    text = sent.text
    if SCORE.search(text) and not SPAN_OF_TIME.search(text):
        return True  # but "a 10-15 year sentence" is no score
    return any(t.lower_ in cues.sport_words for t in sent)


# what a mobilization or withdrawal moves: the actor's own forces are not its target
FORCE_SECTORS = frozenset({"MIL", "COP", "PRM", "SPY", None})
# acts that can carry a demand as their aim (protest, boycott, blockade, strike, siege)
DEMANDING_ACTS = frozenset({"13", "14", "15", "16", "17", "18", "19"})
ANSWERING_VERBS = frozenset(
    {"respond", "retaliate", "react", "avenge", "answer", "reply", "punish", "revenge"}
)


def _answered_event(noun: Token, gov: Token) -> bool:
    """A definite event a response is to answer has happened, whatever the response's tense:
    "vowed to respond to the Israeli strike", "will avenge the killing of its commander"."""
    return gov.lemma_.lower() in ANSWERING_VERBS and any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        or c.dep_ == "poss"
        for c in noun.children
    )


def _negated_by_another(tok: Token) -> bool:
    """The negation over the act is another's: "refused to allow the envoy to meet", "Iran
    has not been asked to mediate", "Israel was not allowed to join the talks". The one who
    would have acted refused nothing."""
    if any(c.dep_ == "neg" for c in tok.children):
        return False  # its own "not"
    cur = tok
    for _ in range(5):
        if cur.dep_ not in ("dobj", "xcomp", "ccomp", "pobj", "prep") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and (
            cur.lemma_.lower() in PERMITTING or any(c.dep_ == "auxpass" for c in cur.children)
        ):
            return True
        if any(c.dep_ == "neg" for c in cur.children):
            return False
    return False


def _claimed_attacks(r: _Raw, raws: list[_Raw]) -> Iterator[_Raw]:
    """The attacks named under the claim (or denial) of responsibility ``r``, in its
    sentence; none when the claim only reports ("claimed that ISIL had attacked Iraq")."""
    claim = r.trigger.token
    if any(t.dep_ == "ccomp" for t in r.trigger.tokens[1:]):
        return
    for d in raws:
        if (
            d is not r
            and d.sent_index == r.sent_index
            and d.offset == r.offset
            and d.trigger.code[:2] in UNATTRIBUTED_ROOTS
            and any(a.i == claim.i for a in d.trigger.token.ancestors)
        ):
            yield d


def _claimed_authors(raws: list[_Raw]) -> list[_Raw]:
    """"the Pakistani Taliban claimed responsibility for a suicide bombing that killed 30": the
    attack a group claims is, by its claim, its own (an author no one else names)."""
    authors: dict[int, Actor] = {}
    for r in raws:
        if r.trigger.code.startswith("015") and _placed(r.source):
            for d in _claimed_attacks(r, raws):
                if d.source is None:
                    authors.setdefault(id(d), r.source)
    if not authors:
        return raws
    return [
        replace(d, source=authors[id(d)], certainty="claimed") if id(d) in authors else d
        for d in raws
    ]


SEIZING_ROOTS = frozenset({"17", "18", "19"})


def _rules_out(r: _Raw) -> bool:
    """ "ruled out a strike", "excluded military action": a rejection of the act named."""
    lemma = r.trigger.token.lemma_.lower()
    return r.trigger.code[:2] == "12" and (
        lemma == "exclude" or (lemma == "rule" and any(t.lower_ == "out" for t in r.trigger.tokens))
    )


def _ruling_on(r: _Raw, raws: list[_Raw]) -> _Raw:
    """A rejection of an act is aimed at whom the act would hit ("ruled out a military strike
    on Iran"); not ruling out an act of force keeps it open, a threat ("has not ruled out a
    strike on Iran")."""
    act = next(
        (
            x
            for x in raws
            if x.trigger.token.i == r.object_event.i
            and x.sent_index == r.sent_index
            and x.offset == r.offset
        ),
        None,
    )
    if act is None:
        return r
    target = act.target if _placed(act.target) else None
    if r.modality == "negated" and act.trigger.code[:2] in FORCE_ROOTS:
        return replace(
            r,
            trigger=replace(r.trigger, code=act.trigger.code),
            modality="hypothetical",
            target=target,
            extra={**r.extra, "threat": True},
        )
    return replace(r, target=target) if target is not None else r


def _fold_tolls(raws: list[_Raw]) -> list[_Raw]:
    """"stormed a church, killing 40 worshippers", "opened fire on demonstrators, killing one":
    the killing is the toll of the attack it hangs on, not a second attack. The attack is kept
    when it names its target, else the killing, which names the dead."""
    by_token: dict[int, list[_Raw]] = {}
    for r in raws:
        by_token.setdefault(r.trigger.token.i, []).append(r)
    drop: set[int] = set()
    for n, r in enumerate(raws):
        tok = r.trigger.token
        if (
            not r.trigger.nominal
            and tok.lemma_.lower() in TOLL_VERBS
            and r.trigger.code[:2] in UNATTRIBUTED_ROOTS
        ):
            # "an Israeli air strike killed two militants": the strike, with the dead as its
            # victims when it names no target of its own
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            strikes = [
                a
                for a in (by_token.get(subj.i, []) if subj is not None else [])
                if a.trigger.nominal
                and a.trigger.code[:2] in UNATTRIBUTED_ROOTS
                and a.modality == r.modality
                and _placed(a.source)
                and r.source is not None
                and a.source.country == r.source.country
                and (_placed(a.target) or _placed(r.target))
            ]
            if strikes:
                drop.add(n)
                for a in strikes:
                    if not _placed(a.target):
                        a.target = r.target
                continue
        if r.trigger.nominal or tok.tag_ != "VBG" or tok.dep_ != "advcl":
            continue
        root = r.trigger.code[:2]
        toll = tok.lemma_.lower() in TOLL_VERBS and root in UNATTRIBUTED_ROOTS
        attacks = [
            a
            for a in by_token.get(tok.head.i, [])
            if a.source == r.source
            and (
                (toll and a.trigger.code[:2] in UNATTRIBUTED_ROOTS)
                # "invaded Kuwait, seizing the palace", "pulled out, ending the occupation":
                # the participle tells more of the same act
                or (not toll and a.trigger.code[:2] == root)
                or (not toll and root in SEIZING_ROOTS and a.trigger.code[:2] in ("19", "20"))
            )
        ]
        if not attacks:
            continue
        if any(_placed(a.target) for a in attacks):
            drop.add(n)
        elif (
            toll
            and r.target is not None
            and r.source is not None
            and not r.target.actor_id
            and r.target.country == r.source.country
            and all(a.target is None for a in attacks)
        ):
            # "Russian forces shelled Kharkiv, killing three civilians": the dead were given
            # the one country the sentence names, the attacker's; the attack, which the
            # place it hit locates, is kept with them as its victims
            drop.add(n)
            for a in attacks:
                a.target = r.target
        elif toll:  # "opened fire, killing one person": the dead are all the attack names
            drop.update(k for k, a in enumerate(raws) if any(a is b for b in attacks))
    return [r for n, r in enumerate(raws) if n not in drop]


LEAVING = frozenset({"leave", "quit", "depart", "exit"})
ENVOYS = frozenset({"ambassador", "envoy", "diplomat", "consul", "attache", "chargé", "charge"})


def _expelled_envoy(code: str, r: _Raw) -> str:
    """An expulsion (174) or withdrawal (087) of an ambassador or diplomats is the reduction of
    relations that CAMEO codes 161: "ordered the US ambassador to leave the country"."""
    verb = r.trigger.token
    if code != "174" and not (code.startswith("087") and r.trigger.nominal):
        return code
    if r.trigger.nominal:
        # "the expulsion of the Dutch ambassador", "France's withdrawal of its ambassador"
        people = [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
    else:
        people = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        people += [
            g
            for c in verb.children
            if c.dep_ == "xcomp"
            for g in c.children
            if g.dep_ == "nsubj"
        ]
    return "161" if any(p.lemma_.lower() in ENVOYS for p in people) else code


WARNING_VERBS = frozenset({"warn", "threaten"})
ANNOUNCING_AUX = frozenset({"will", "would", "'ll", "shall", "'d"})


def _threat_idiom(clause: Token) -> bool:
    """ "Y will pay a heavy price", "Y will regret it", "Y will face the consequences"."""
    objects = set()
    for c in clause.children:
        if c.dep_ in ("dobj", "advmod", "npadvmod"):
            objects.add(c.lemma_.lower())
        if c.dep_ == "prep":
            objects |= {g.lemma_.lower() for g in c.children if g.dep_ == "pobj"}
    want = THREAT_IDIOMS.get(clause.lemma_.lower())
    if want is None:
        return False
    return not want or bool(objects & want)


def _by_whom(code: str, source: Actor | None, trigger: Token) -> str:
    """ "Russian warplanes bombed the town", "the US military bombed positions": bombing by a
    state's forces or from the air is an air strike (195), not the non-military bombing (183)
    of militants; so is an attack by aircraft ("jets struck targets"). "Protesters torched the
    building", "a mob attacked the police": damage and violence done by protesters is a riot
    (145)."""
    if source is None or not (
        code in RIOT_CODES
        or code[:2] in ("17", "18")
        or code in REPRESSION_CODES
        or code == "183"
    ):
        return code  # none of the codes below
    subj = [c for c in trigger.children if c.dep_ in ("nsubj", "agent")]
    subj += [g for c in subj if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subj += [g for c in subj for g in c.children if g.dep_ == "conj"]
    named = {w.rstrip("s") for w in (source.text or "").lower().split()}
    if (
        code in RIOT_CODES
        and any(
            c.lemma_.lower() in PROTESTER_NOUNS and c.text in (source.text or "") for c in subj
        )
    ) or (code[:2] in ("17", "18") and named & PROTESTER_NOUNS):
        return "145"
    if code in REPRESSION_CODES and source.sector == "COP":
        objs = [c for c in trigger.children if c.dep_ == "dobj"] + [
            g
            for c in trigger.children
            if c.dep_ == "prep" and c.lower_ in ("on", "at", "with", "upon", "against")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if any(o.lemma_.lower() in PROTESTER_NOUNS for o in objs):
            # "police opened fire on demonstrators", "riot police clashed with rioters"
            return "175"
    heads = {c.lemma_.lower() for c in subj}
    if code == "190" and heads & AIRCRAFT - PEOPLE_OR_AIRCRAFT:
        return "195"  # "Israeli jets struck targets near Damascus": an attack from the air
    if code != "183":
        return code
    if heads & NON_STATE_FIGHTERS:
        return code  # "Afghan guerrillas blew up ...": militants are not the state's forces
    whole_state = source.sector is None and (source.actor_id or "").upper() == source.country
    if heads & AIRCRAFT or source.sector in STATE_SECTORS or whole_state:
        return "195"
    return code


def _paragraph_at(pos: int, paragraphs: list[Paragraph]) -> Paragraph | None:
    """The paragraph holding character ``pos`` (paragraphs are in text order), or None."""
    k = bisect.bisect_right(paragraphs, pos, key=lambda p: p.start) - 1
    if k >= 0 and pos < paragraphs[k].end:
        return paragraphs[k]
    return None


def _quote_speaker(ctx: DocActors, pos: int) -> Actor | None:
    for s in ctx.recent():
        if s.index < pos and s.kind == "person":
            return s.actor
    return None


def _event_date(tok: Token, doc_date: str | None) -> tuple[str | None, str | None]:
    """A weekday, 'yesterday' or 'today' attached to the trigger gives a day; else the
    document's date (precision 'document')."""
    if not doc_date:
        return None, None
    try:
        base = dt.date.fromisoformat(doc_date)
    except ValueError:
        return doc_date, "document"
    near = [
        c
        for c in tok.children
        if c.ent_type_ == "DATE" or c.dep_ in ("npadvmod", "compound", "prep", "nmod")
    ]
    words: list[str] = []
    for c in near:
        if c.dep_ == "prep" and c.lower_ == "on":
            words += [g.lower_ for g in c.subtree]
        elif c.ent_type_ == "DATE" or c.dep_ in ("npadvmod", "compound", "nmod"):
            words += [g.lower_ for g in c.subtree if g.ent_type_ == "DATE"]
    for w in words:
        if w in args.WEEKDAYS:
            delta = (base.weekday() - args.WEEKDAYS.index(w)) % 7
            return (base - dt.timedelta(days=delta)).isoformat(), "day"
        if w == "yesterday":
            return (base - dt.timedelta(days=1)).isoformat(), "day"
        if w == "today":
            return base.isoformat(), "day"
    return doc_date, "document"
