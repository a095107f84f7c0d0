"""Who did it to whom: source and target noun phrases of a trigger, from the parse."""

from __future__ import annotations

from spacy.tokens import Token

from casus.coding.triggers import Trigger

__all__ = ["source_heads", "target_heads", "nominal_source_heads", "nominal_target_heads"]

TARGET_PREPS = ("against", "on", "upon", "at", "to", "with", "toward", "towards", "into", "over",
                "for", "from", "in", "of")
NOMINAL_TARGET_PREPS = ("against", "on", "upon", "at", "of", "into", "in", "to", "toward",
                        "towards", "with", "targeting")
WEAK_PREPS = {"in", "for", "from", "over", "of"}
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "week", "month", "year", "day", "today", "yesterday", "night", "morning"}


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject head, passive?)"""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "expl"):
            if c.dep_ == "expl":
                continue
            return c, False
        if c.dep_ in ("nsubjpass", "csubjpass"):
            return c, True
    return None, False


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _dobj(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj",):
            return c
    return None


def source_heads(trig: Trigger) -> list[Token]:
    """Heads whose actors did it. Climbs through xcomp/conj/advcl/relcl/acl for a subject."""
    verb = trig.token
    subj, passive = _subject(verb)
    if passive:
        agent = _agent(verb)
        return [agent] if agent is not None else []
    if subj is not None:
        if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return [verb.head]
        return [subj]
    cur = verb
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if head is cur:
            break
        if dep == "xcomp":
            # object control: "asked the government to deploy" -> the government
            obj = _dobj(head)
            if obj is not None and head.lemma_.lower() in {"ask", "urge", "call", "order", "tell",
                                                           "force", "press", "persuade", "allow",
                                                           "invite", "encourage", "help"}:
                return [obj]
            s, p = _subject(head)
            if s is not None and not p:
                return [s]
            if p:
                a = _agent(head)
                return [a] if a is not None else []
        elif dep in ("conj", "advcl"):
            s, p = _subject(head)
            if s is not None and not p:
                return [s]
            if p:
                return []
        elif dep in ("relcl",):
            return [head]
        elif dep == "acl":
            # "a statement condemning the strikes": the statement's author
            noun = head
            poss = [c for c in noun.children if c.dep_ == "poss"]
            if poss:
                return poss
            cur = noun
            while cur.dep_ in ("pobj", "prep", "dobj", "nsubj") and cur.head is not cur:
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX"):
                    s, p = _subject(cur)
                    if s is not None and not p:
                        return [s]
                    break
            return []
        elif dep == "pcomp":
            return []
        else:
            break
        cur = head
    return []


def target_heads(trig: Trigger) -> list[Token]:
    """Heads that it was done to: passive subject, object, dative, prepositional objects."""
    verb = trig.token
    subj, passive = _subject(verb)
    if passive and subj is not None:
        return [subj]
    pattern_words = {t.i for t in trig.tokens}
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "dative":
            if c.pos_ == "ADP":
                out += [p for p in c.children if p.dep_ == "pobj"]
            else:
                out.append(c)
    for c in verb.children:
        if c.dep_ == "dobj" and c.i not in pattern_words:
            out.append(c)
    # prepositions that belong to the pattern first ("call on X", "lay siege to X")
    for t in trig.tokens[1:]:
        if t.dep_ == "prep":
            out += [p for p in t.children if p.dep_ == "pobj" and p.i not in pattern_words]
        elif t.pos_ in ("NOUN", "PROPN"):
            out += nominal_target_heads(t, trig, strict=True)
    if out:
        return out
    for prep in TARGET_PREPS:
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == prep:
                out += [p for p in c.children if p.dep_ == "pobj"
                        and p.lower_ not in TIME_WORDS]
        if out and prep not in WEAK_PREPS:
            return out
    # object is an event or thing: "condemned Israel's attack on Gaza" -> possessor / by-agent
    dobj = _dobj(verb)
    if dobj is not None and not out:
        out += [c for c in dobj.children if c.dep_ == "poss"]
        for c in dobj.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "of", "against", "on", "to"):
                out += [p for p in c.children if p.dep_ == "pobj"]
        out += [c for c in dobj.children if c.dep_ in ("compound", "amod")]
    # xcomp object: "tried to transfer ISIS groups" is not a target of "accuse"
    return out


def nominal_source_heads(noun: Token) -> list[Token]:
    out: list[Token] = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            out += [p for p in c.children if p.dep_ == "pobj"]
        if c.dep_ == "poss":
            out.append(c)
    if not out:
        out += [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")
                and c.pos_ in ("PROPN", "ADJ", "NOUN") and c.ent_type_ in ("GPE", "NORP", "ORG")]
    # "X's strikes", "strikes launched by X": acl with agent
    for c in noun.children:
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    out += [p for p in g.children if p.dep_ == "pobj"]
    return out


def nominal_target_heads(noun: Token, trig: Trigger | None = None, *,
                         strict: bool = False) -> list[Token]:
    out: list[Token] = []
    words = {t.i for t in trig.tokens} if trig else set()
    for prep in NOMINAL_TARGET_PREPS:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == prep and c.i not in words:
                out += [p for p in c.children if p.dep_ == "pobj" and p.lower_ not in TIME_WORDS]
            elif c.dep_ == "acl" and c.lemma_.lower() in ("target", "aim", "hit"):
                out += [g for g in c.children if g.dep_ == "dobj"]
        if out and (prep not in ("of", "in") or not strict):
            return out
    return out
