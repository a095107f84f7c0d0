"""Finding triggers: verbs and nouns of the lexicon, with their particles and objects."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from casus.coding.lexicon import Lexicon

__all__ = ["Trigger", "verb_trigger", "noun_trigger", "nominal_head"]

_ARG_DEPS = {
    "prt",
    "prep",
    "dobj",
    "dative",
    "attr",
    "acomp",
    "oprd",
    "agent",
    "advmod",
    "npadvmod",
    "xcomp",
    "ccomp",
    "pcomp",
}


# verbs whose object the parser may make the subject of their complement
_CAUSATIVE = frozenset({"allow", "let", "permit", "admit", "force", "order", "help"})

FUNCTION_WORDS = frozenset(
    {
        "of",
        "to",
        "on",
        "in",
        "at",
        "for",
        "with",
        "from",
        "by",
        "about",
        "against",
        "into",
        "over",
        "up",
        "down",
        "out",
        "off",
        "away",
        "back",
        "through",
        "upon",
        "onto",
        "toward",
        "towards",
        "under",
        "after",
        "around",
        "across",
        "along",
        "behind",
        "between",
        "among",
    }
)


# nouns that undo what their "of" object names: a verb's pattern does not reach through them
REVERSALS = frozenset(
    {
        "lifting",
        "easing",
        "removal",
        "suspension",
        "end",
        "ending",
        "withdrawal",
        "cancellation",
        "relaxation",
        "repeal",
        "scrapping",
        "halt",
        "cessation",
        "reversal",
    }
)


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    code: str
    pattern: str
    tokens: tuple[Token, ...]  # the trigger word and the pattern words it matched
    nominal: bool = False

    @property
    def start(self) -> int:
        toks = self._contiguous()
        return toks[0].idx

    @property
    def end(self) -> int:
        toks = self._contiguous()
        return toks[-1].idx + len(toks[-1].text)

    def _contiguous(self) -> list[Token]:
        toks = sorted(self.tokens, key=lambda t: t.i)
        head = self.token
        # keep the evidence short: only pattern words within four tokens of the trigger
        toks = [t for t in toks if abs(t.i - head.i) <= 4]
        return toks or [head]


def _candidates(verb: Token) -> list[Token]:
    # the passive subject is the logical object: "evidence was presented", "a ceasefire was
    # declared", "sanctions were imposed on X"
    out: list[Token] = []
    for c in verb.children:  # one pass: the passive subject's place in ``out`` is sorted away
        if c.lower_ == "according":
            continue  # "according to state media, jets struck targets": no "strike accord"
        dep = c.dep_
        if dep == "nsubjpass":
            out.append(c)
            continue
        if dep not in _ARG_DEPS:
            continue
        out.append(c)
        if c.dep_ in ("dobj", "attr", "prep", "agent", "dative", "oprd", "npadvmod", "advmod"):
            for g in c.children:
                if c.dep_ == "dobj" and g.lower_ == "of" and c.lemma_.lower() in REVERSALS:
                    continue  # "approved the lifting of sanctions" does not approve sanctions
                if g.dep_ in ("pobj", "prep", "compound", "amod", "pcomp", "dobj"):
                    out.append(g)
                    if c.dep_ == "prep" and g.dep_ == "pobj":
                        # "went on a hunger strike": the modifier of the prepositional object
                        out.extend(x for x in g.children if x.dep_ == "compound")
                    if g.dep_ in ("prep", "pcomp"):
                        out.extend(x for x in g.children if x.dep_ in ("pobj", "dobj"))
        if dep == "dobj":
            # "sent a plane carrying relief supplies": what the vehicle carries is sent
            for g in c.children:
                if g.dep_ == "acl" and g.lemma_.lower() in CARRYING:
                    for x in g.children:
                        if x.dep_ == "dobj":
                            out.append(x)
                            out.extend(m for m in x.children if m.dep_ in ("compound", "amod"))
        if c.dep_ in ("xcomp",):
            out.extend(x for x in c.children if x.dep_ in ("dobj", "prt", "prep"))
        if c.dep_ in ("xcomp", "ccomp") and verb.lemma_.lower() in _CAUSATIVE:
            # "allowed inspectors back", "let aid convoys enter": the parser makes the
            # object the subject of the complement
            out.extend(x for x in c.children if x.dep_ == "nsubj")
    return sorted(set(out), key=lambda t: t.i)


CARRYING = frozenset({"carry", "transport", "bring", "load"})
ANY_OBJECT = "*"  # a slot matching any direct object: "take over *" needs one
_ANY = frozenset({ANY_OBJECT})
_OBJECT_DEPS = ("dobj", "nsubjpass")


def _words(cands: list[Token]) -> list[tuple[Token, str, str]]:
    """Each candidate with its lowercased lemma and form, read once per trigger."""
    return [(t, t.lemma_.lower(), t.lower_) for t in cands]


def _match_slots(
    slots, cands: list[tuple[Token, str, str]], head: Token | None = None
) -> tuple[Token, ...] | None:
    matched: list[Token] = []
    pos = 0
    for slot in slots:
        if slot == _ANY:
            # the object may stand before the verb ("the city was taken over"): any order
            obj = next(
                (
                    t
                    for t, _, _ in cands
                    if t.dep_ in _OBJECT_DEPS and (head is None or t.head.i == head.i)
                ),
                None,
            )
            if obj is None:
                return None
            matched.append(obj)
            continue
        prev = matched[-1] if matched else None
        while pos < len(cands):
            tok, lemma, lower = cands[pos]
            pos += 1
            if (
                (lemma in slot or lower in slot)
                and not (
                    # "withdraw from agreement": the object of that "from", not of a later
                    # preposition ("withdrawing from Afghanistan under the Geneva accords")
                    prev is not None
                    and prev.dep_ in ("prep", "agent")
                    and tok.dep_ == "pobj"
                    and tok.head.i != prev.i
                )
                and not (head is not None and _in_unmatched_phrase(tok, matched))
            ):
                matched.append(tok)
                break
        else:
            return None
    return tuple(matched)


# prepositions whose object is another act or its author, never what a verb pattern acts on
OTHER_ACT_PREPS = frozenset(
    {"against", "over", "after", "following", "despite", "amid", "during", "since", "before"}
)


def _in_unmatched_phrase(tok: Token, matched: list[Token]) -> bool:
    """Whether ``tok`` is inside a phrase of a preposition that names another act (``against``,
    ``over``, ``after``...), and that the pattern has not matched: "staged a sit-in against the
    air strikes" is no "stage air strikes". (Not "of" or "in": "a batch of fighter jets",
    "40 million dollars in military aid" are what is delivered or halted.)"""
    if tok.dep_ == "pobj":
        prep = tok.head
    elif tok.dep_ in ("compound", "amod") and tok.head.dep_ == "pobj":
        prep = tok.head.head
    else:
        return False
    return (
        prep.dep_ == "prep"
        and prep.lower_ in OTHER_ACT_PREPS
        and all(m.i != prep.i for m in matched)
    )



def verb_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return None
    if tok.dep_ == "amod":
        return None
    if (
        tok.tag_ == "VBN"
        and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        and any(c.dep_ == "det" for c in tok.children)
    ):
        return None  # "evacuated the wounded", "the displaced": people, not an act
    lemma = tok.lemma_.lower()
    pats = lex.verb_patterns(lemma) or lex.verb_patterns(tok.lower_)
    if not pats:
        return None
    cands = _words(_candidates(tok))
    best: tuple[tuple[int, int, int], Trigger] | None = None
    for p in pats:
        if not p.slots:
            if best is None:
                return Trigger(tok, p.code, p.text, (tok,))
            break
        if best is not None and len(p.slots) < best[0][0]:
            break
        got = _match_slots(p.slots, cands, tok)
        if got is not None:
            # among patterns of one length, one naming the object ("withdraw inspectors")
            # is more specific than one naming a preposition ("withdraw from")
            content = sum(1 for slot in p.slots if not slot <= FUNCTION_WORDS)
            distance = sum(abs(t.i - tok.i) for t in got)  # nearer words bind tighter
            rank = (len(p.slots), content, -distance)
            if best is None or rank > best[0]:
                # the object a '*' stands for is an argument (a target), not a pattern word
                words = [t for t, slot in zip(got, p.slots, strict=True) if slot != _ANY]
                best = (rank, Trigger(tok, p.code, p.text, (tok, *words)))
    return best[1] if best else None


def nominal_head(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or (
        tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj")
    )


def noun_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    if not nominal_head(tok):
        return None
    pats = lex.noun_patterns(tok.lemma_.lower()) or lex.noun_patterns(tok.lower_)
    if not pats:
        return None
    if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        if not (lex.noun_patterns(head.lemma_.lower()) or lex.noun_patterns(head.lower_)):
            return None  # "riot police", "attack helicopters", "aid workers": a kind of thing
    mods = sorted(
        (c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")),
        key=lambda t: t.i,
    )
    words = _words(mods)
    for p in pats:
        if not p.modifiers:
            return Trigger(tok, p.code, p.text, (tok,), nominal=True)
        got = _match_slots(p.modifiers, words)
        if got is not None:
            return Trigger(tok, p.code, p.text, (*got, tok), nominal=True)
    return None
