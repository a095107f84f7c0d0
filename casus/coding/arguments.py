"""Who did it to whom: source and target noun phrases of a trigger, from the parse."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from casus.actors.resolve import PACTS, detached_conjunct
from casus.coding.triggers import Trigger
from casus.doctext import doc_text

__all__ = [
    "source_heads",
    "target_tiers",
    "iter_target_tiers",
    "nominal_source_heads",
    "nominal_target_heads",
]

TARGET_PREPS = (
    "against",
    "on",
    "upon",
    "at",
    "to",
    "with",
    "toward",
    "towards",
    "into",
    "over",
    "for",
    "from",
    "in",
    "of",
    "between",
)
NOMINAL_TARGET_PREPS = (
    "against",
    "on",
    "upon",
    "with",
    "between",
    "to",
    "into",
    "toward",
    "towards",
    "targeting",
    "at",
    "of",
    "in",
)
WEAK_PREPS = {"in", "for", "from", "over", "of"}
# roots whose nouns take "on" for their topic ("talks on", "agreement on"), not their target
TOPIC_ON_ROOTS = {"01", "03", "04", "05", "06", "12"}
# "called off the strike after deliberations with the government": who it yielded to
NEGOTIATION_NOUNS = {
    "talk",
    "talks",
    "negotiation",
    "deliberation",
    "consultation",
    "meeting",
    "pressure",
    "mediation",
    "agreement",
    "deal",
}
MATTER_PREPS = {"for", "about", "over", "of"}  # "apologized for X": X is the matter, not the target
ADDRESSEE_ROOTS = {"02", "07", "10", "13"}  # "helped Chad repel": Chad is helped
PERMITTING_VERBS = frozenset({"allow", "let", "permit", "enable", "authorize", "authorise"})
PATIENT_NOUNS = {
    "destruction",
    "arrest",
    "release",
    "killing",
    "murder",
    "assassination",
    "death",
    "defeat",
    "detention",
    "capture",
    "kidnapping",
    "abduction",
    "execution",
    "expulsion",
    "deportation",
    "trial",
    "conviction",
    "imprisonment",
    "surrender",
    "genocide",
    "massacre",
    "extradition",
    "removal",
    "ouster",
    "overthrow",
    "isolation",
    "punishment",
    "disarmament",
    "liberation",
}
CIRCUMSTANCE_PREPS = {"during", "in", "with", "through", "via", "at", "for"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_WORDS = {*WEEKDAYS, "week", "month", "year", "day", "today", "yesterday", "night", "morning"}


SAME_SUBJECT_PREPS = {"by", "after", "before", "without", "while", "despite", "instead"}
# nouns whose -ing modifier is their author's act ("a statement condemning X", "banners
# denouncing Y"), unlike people's ("demonstrators protesting X")
MESSAGES = frozenset(
    {
        "statement",
        "letter",
        "report",
        "resolution",
        "communique",
        "message",
        "declaration",
        "banner",
        "placard",
        "sign",
        "slogan",
        "video",
        "post",
        "tweet",
        "article",
        "editorial",
        "leaflet",
        "poster",
        "remark",
        "comment",
    }
)
CROWDS = frozenset({"crowd", "mob", "group", "gang", "throng"})
# "accused X of doing": X is the one said to have done it
ACCUSING_VERBS = frozenset(
    {"accuse", "blame", "charge", "suspect", "convict", "condemn", "criticize", "criticise"}
)


def _subject(verb: Token, children: list[Token] | None = None) -> tuple[Token | None, bool]:
    """(subject head, passive?). Two subjects are a misparse ("ADEN (Reuters) - Houthi forces
    fired", the dateline taken for a subject): the one nearest the verb is the subject.
    ``children``: the verb's, when the caller has them."""
    found: list[tuple[Token, bool]] = []
    for c in verb.children if children is None else children:
        if c.dep_ in ("nsubj", "csubj"):
            found.append((c, False))
        elif c.dep_ in ("nsubjpass", "csubjpass"):
            found.append((c, True))
    if not found:
        return None, False
    return min(found, key=lambda f: abs(verb.i - f[0].i))


def _active(verb: Token) -> bool:
    """Not a passive participle ("charged" in "was arrested and charged")."""
    return verb.tag_ != "VBN" and not any(c.dep_ == "auxpass" for c in verb.children)


NAMING_VERBS = frozenset({"call", "describe", "term", "label", "brand", "characterize"})


def named_object(verb: Token, dobj: Token | None) -> Token | None:
    """The object of "condemned what it called a Turkish violation", "what it described as US
    aggression" (the parser hangs "what" on the naming verb): the thing named; else ``dobj``."""
    if dobj is not None:
        return dobj
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.lemma_.lower() not in NAMING_VERBS:
            continue
        if not any(c.lower_ == "what" and c.i < clause.i for c in clause.children):
            continue
        for c in clause.children:
            if c.dep_ == "oprd":
                return c
            if c.dep_ == "prep" and c.lower_ == "as":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _dobj(tok: Token, children: list[Token] | None = None) -> Token | None:
    for c in tok.children if children is None else children:
        if c.dep_ in ("dobj",):
            return c
    return None


# "in protest against X", "in defiance of X", "in opposition to X": X is whom the act is aimed at
STANCE_NOUNS = frozenset({"protest", "defiance", "opposition"})
# quantity heads whose "of" object is what is acted on: "part of the aid", "most of the troops"
PARTITIVES = frozenset(
    {"part", "some", "most", "all", "half", "portion", "share", "bulk", "rest", "much", "many"}
)
# roots for which "in X" / "at X" says where the act took place, never whom it is aimed at
# (a protest "in Beijing" by foreigners is aimed at China: not listed)
PLACE_NOT_TARGET_ROOTS = frozenset({"01"})
# passives whose subject is the means of the act in their complement, not its agent
INSTRUMENT_PASSIVES = frozenset(
    {"use", "design", "intend", "mean", "build", "employ", "need", "aim", "make", "develop"}
)


# patterns whose subject undergoes the act done by the object of "to", "from" or "by":
# "Mosul fell to Islamic State fighters", "the post came under attack from Hezbollah"
UNDERGOER_PATTERNS = frozenset({("fall", "to"), ("come", "under")})


def undergoer(trig: Trigger) -> bool:
    return tuple(trig.pattern.split(" ")[:2]) in UNDERGOER_PATTERNS


def _undergoer_agents(trig: Trigger) -> list[Token]:
    return [
        p
        for w in trig.tokens
        for c in (w, *w.children)
        if c.dep_ in ("prep", "agent")
        and c.lower_ in ("to", "from", "by")
        and (c.i == w.i or c not in trig.tokens)
        for p in pobjs(c)
    ]


def source_heads(trig: Trigger) -> list[Token]:
    """Heads whose actors did it. Climbs through xcomp/conj/advcl/relcl/acl for a subject."""
    verb = trig.token
    if undergoer(trig):
        return _undergoer_agents(trig)
    subj, passive = _subject(verb)
    if passive:
        agent = _agent(verb)
        if agent is None and trig.code[:2] in ("18", "19", "20"):
            # "a mortar bomb was fired at Israel from the Gaza Strip": fired from there
            return [
                p
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for p in pobjs(c)
            ]
        return [agent] if agent is not None else []
    if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and _dobj(verb) is not None:
        return [verb.head]  # misparse of a main clause: "Salem, a spokesman, accused Chad"
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # reduced passive relative: "a helicopter captured by the authorities"
        agent = _agent(verb)
        return [agent] if agent is not None else []
    if subj is not None:
        if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return [verb.head]
        if any(c.dep_ == "mark" and c.i < subj.i for c in verb.children):
            # "Since the strikes by the US, Britain and France, Iran's proxies have threatened":
            # the parser folds the real subject into the fronted phrase's list
            detached = [t for t in subj.subtree if detached_conjunct(t)]
            if detached:
                return [detached[-1]]
        return [subj]
    cur = verb
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if head.i == cur.i:
            break
        if (
            dep == "advcl"
            and head.lemma_.lower() in ("call", "appeal", "plead", "urge", "ask", "press")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        ):
            dep = "xcomp"  # "called on Moscow to pull back": parsed as a purpose, meant as xcomp
        if dep == "xcomp":
            # object control: "asked the government to deploy" -> the government; "called on
            # Belgrade to withdraw" -> Belgrade
            obj = _dobj(head)
            if obj is None and head.lemma_.lower() in ("call", "appeal", "plead"):
                obj = next(
                    (
                        p
                        for c in head.children
                        if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to")
                        for p in pobjs(c)
                    ),
                    None,
                )
            if obj is not None and head.lemma_.lower() in {
                "ask",
                "urge",
                "call",
                "order",
                "tell",
                "force",
                "press",
                "persuade",
                "allow",
                "invite",
                "encourage",
                "help",
            }:
                return [obj]
            s, p = _subject(head)
            if s is not None and not (p and head.lemma_.lower() in INSTRUMENT_PASSIVES):
                # "Obama was pressured by Congress to help Iran", "the minister is expected
                # to visit Tehran": the passive subject is the one who would act; not in "the
                # base was used to launch strikes", where it is the means
                return [s]
            if p:
                a = _agent(head)
                return [a] if a is not None else []
        elif dep in ("conj", "advcl"):
            s, p = _subject(head)
            if s is not None and not p:
                return [s]
            if p and s is not None and dep == "conj" and _active(cur):
                return [s]  # "the general was sacked and fled", "was indicted and will resign"
            if p:
                return []
        elif dep in ("relcl",):
            return [head]
        elif dep == "aux" and cur.tag_ == "VB" and cur.lemma_ not in ("be", "have", "do"):
            pass  # "to help identify victims": "help" parsed as an aux of its complement
        elif dep == "acl":
            # "a statement condemning the strikes": the statement's author
            noun = head
            poss = [c for c in noun.children if c.dep_ == "poss"]
            if poss:
                return poss
            if (
                cur.tag_ == "VBG"
                and (noun.tag_ in ("NNS", "NNPS") or noun.lemma_.lower() in CROWDS)
                and noun.lemma_.lower() not in MESSAGES
            ):
                return [noun]  # "demonstrators protesting the election results" protest
            if any(
                c.dep_ in ("amod", "compound") and c.text[:1].isupper() and c.i < noun.i
                for c in noun.children
            ):
                return [noun]  # "the American decision to send tanks": whose decision
            cur = noun
            while cur.dep_ in ("pobj", "prep", "dobj", "nsubj") and cur.head.i != cur.i:
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX"):
                    s, p = _subject(cur)
                    if s is not None and not p:
                        return [s]
                    break
            return []
        elif dep == "pcomp":
            # "Algeria responded by recalling its ambassadors", "... before withdrawing": the
            # one who does the main verb does the gerund too
            verb2 = head.head
            if (
                head.lower_ in ("of", "for")
                and verb2.lemma_.lower() in ACCUSING_VERBS
                and _dobj(verb2) is not None
            ):
                return [_dobj(verb2)]  # "accused the RSF of shelling a hospital": the RSF shelled
            if (
                head.lower_ in ("of", "for")
                and verb2.dep_ == "dobj"
                and verb2.head.lemma_.lower() in ACCUSING_VERBS
            ):
                return [verb2]  # the same, with "of" hung on the accused
            if head.lower_ in SAME_SUBJECT_PREPS and verb2.pos_ in ("VERB", "AUX"):
                s, p = _subject(verb2)
                if s is not None and not p:
                    return [s]
            return []
        elif dep in ("acomp", "attr") and head.pos_ in ("AUX", "VERB"):
            # "Syria is willing to withdraw": willing -> is -> Syria
            s, p = _subject(head)
            if s is not None:
                return [s]
        else:
            break
        cur = head
    return []


WEAPONS = {
    "drone",
    "missile",
    "rocket",
    "shell",
    "bomb",
    "mortar",
    "round",
    "bullet",
    "grenade",
    "projectile",
    "munition",
    "barrage",
    "salvo",
    "volley",
    "shot",
    "torpedo",
    "artillery",
}


def is_weapon(tok: Token) -> bool:
    """ "dozens of drones and missiles": the head, or what it counts, is a weapon."""
    heads = [tok] + [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return any(h.lemma_.lower() in WEAPONS for h in heads)


def between_heads(noun: Token) -> list[Token]:
    """The sides of "between X and Y" on an event noun, in order."""
    out: list[Token] = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    out += [t for t in p.conjuncts if t.i > p.i]
    return out


def pobjs(prep: Token) -> list[Token]:
    """Objects of a preposition; when the parser left it without one ("granted asylum to five
    officers holed up in ..."), the noun phrase that starts right after it."""
    found = [p for p in prep.children if p.dep_ == "pobj"]
    if not found and prep.lower_ in ("out", "away"):
        # "pulled its observers out of Syria", "away from the border"
        found = [
            p for c in prep.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
    if found or prep.i + 1 >= len(prep.doc):
        return found
    for tok in prep.doc[prep.i + 1 : prep.i + 8]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.left_edge.i == prep.i + 1:
            return [tok]
    return []


def prep_objects(tok: Token, words: tuple[str, ...]) -> list[Token]:
    """The objects of ``tok``'s prepositions spelt as one of ``words``."""
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in words for p in pobjs(c)]


def target_tiers(trig: Trigger) -> list[list[Token]]:
    """Candidate target heads, best first: the first tier whose heads resolve to an actor wins.
    See :func:`iter_target_tiers`."""
    return list(iter_target_tiers(trig))


def iter_target_tiers(trig: Trigger) -> Iterator[list[Token]]:
    """The non-empty tiers of :func:`target_tiers`, each built only when the one before it
    found no actor.

    Passive subject; dative and direct object; the objects of the pattern's own prepositions
    ("call on X", "lay siege to X"); prepositional objects of the verb; then inside a
    non-actor object ("condemned Israel's attack", "boycott contact with the US").
    """
    verb = trig.token
    children = list(verb.children)  # each Token object made once, not once per loop
    subj, passive = _subject(verb, children)
    if undergoer(trig):
        yield from _nonempty([subj] if subj is not None else [])
        return
    pattern_words = {t.i for t in trig.tokens}
    if (
        passive
        and subj is not None
        and subj.i not in pattern_words
        and not (trig.code[:2] in ("18", "19", "20") and is_weapon(subj))
    ):
        yield [subj]  # but "a mortar bomb was fired at it": the bomb is not the target
        return
    if passive and subj is not None and subj.i in pattern_words:
        # "three French journalists were deported": the pattern's own noun, by its modifiers
        yield from _nonempty(
            [c for c in subj.children if c.dep_ in ("amod", "compound", "poss") and c.i < subj.i]
        )
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and subj is None and _dobj(verb, children) is None:
        yield [verb.head]
        return
    first: list[Token] = []
    for c in children:
        if c.dep_ == "dative":
            if c.pos_ == "ADP":
                first += [p for p in c.children if p.dep_ == "pobj"]
            else:
                first.append(c)
    dobj = named_object(verb, _dobj(verb, children))
    inner: list[Token] = []  # the arguments of the pattern's own nouns
    # prepositions that belong to the pattern first ("call on X", "lay siege to X")
    for t in trig.tokens[1:]:
        if t.dep_ == "prep" and trig.code[:2] == "14" and t.lower_ in ("in", "at"):
            continue  # "rallied in Cairo against Israel": where, after whom it is against
        if t.dep_ == "prep" and t.lower_ not in MATTER_PREPS:
            first += [p for p in pobjs(t) if p.i not in pattern_words]
        elif t.pos_ in ("NOUN", "PROPN"):
            inner += nominal_target_heads(t, trig, strict=True)
            for c in t.children:
                if c.dep_ == "conj" and c.pos_ == "NOUN":
                    # "imposed an arms embargo and a visa ban on X": X is the embargo's too
                    inner += nominal_target_heads(c, trig, strict=True)
                elif c.dep_ == "acl" and c.tag_ == "VBN" and t.lemma_.lower() not in PACTS:
                    # "rejected a peace plan drawn up by the EU": who made it
                    inner += [
                        p
                        for g in c.children
                        if g.dep_ == "agent"
                        for p in g.children
                        if p.dep_ == "pobj"
                    ]
    if (
        dobj is not None
        and dobj.i not in pattern_words
        and not (trig.code[:2] in ("18", "19", "20") and is_weapon(dobj))
    ):
        first.append(dobj)  # but "fired drones at ships": the drones are not the target
    if dobj is not None and trig.code.startswith("084"):
        # "released Israeli hostages to the Red Cross": the released people's side is the
        # target, not the go-between they were handed to
        yield from _nonempty([dobj])
    if dobj is not None and dobj.i in pattern_words:
        # "summoned the Algerian ambassador in Bamako": the envoy's own country first
        yield from _nonempty(
            [c for c in dobj.children if c.dep_ in ("amod", "compound", "poss") and c.i < dobj.i]
        )
    if dobj is None or dobj.i in pattern_words:
        if first and inner:
            # "fired tear gas at protesters in Dakar": the pattern's own preposition first,
            # then what its noun says
            yield from _nonempty(first)
            first = []
        first += inner
        inner = []
    # "marched in protest against the killings", "blocked streets in defiance of Beijing":
    # whom the act is aimed at, before any other argument
    yield from _nonempty(
        [
            p
            for o in prep_objects(verb, ("in",))
            if o.lemma_.lower() in STANCE_NOUNS
            for p in prep_objects(o, ("against", "at", "over", "of", "to"))
        ]
    )
    yield from _nonempty(first)
    # "reneged on its commitment to the Zambian people", "pulled out of talks with X": the
    # other side named inside what the pattern's preposition governs
    yield from _nonempty(
        [
            p
            for t in trig.tokens[1:]
            if t.dep_ == "prep"
            for o in pobjs(t)
            if o.i not in pattern_words
            for c in o.children
            if c.dep_ == "prep" and c.lower_ in ("to", "with", "by", "from")
            for p in pobjs(c)
        ]
    )
    # "blamed Israel for the bombing in Tulkarm": the blamed first, not the bombed; but
    # "advised its citizens against travel to Mali": Mali when the object is no one else
    yield from _nonempty(inner)
    if trig.code[:2] in ADDRESSEE_ROOTS:
        # "demanded that the US cancel plans": the addressee is the clause's subject
        for c in children:
            if c.dep_ == "ccomp":
                s, p = _subject(c)
                if s is not None and not p:
                    yield from _nonempty([s])
    # "refused to allow the UN envoy to meet them", "let the inspectors visit the site": the
    # one allowed or not (the parser makes it the subject of what it may do)
    for node in [verb, *(c for c in children if c.dep_ == "xcomp")]:
        if node.lemma_.lower() not in PERMITTING_VERBS:
            continue
        for c in node.children:
            if c.dep_ in ("ccomp", "xcomp"):
                s, p = _subject(c)
                if s is not None and not p:
                    yield from _nonempty([s])
    by_prep: dict[str, list[Token]] = {}
    for c in children:
        if c.dep_ == "prep":
            by_prep.setdefault(c.lower_, []).extend(
                p for p in pobjs(c) if p.lower_ not in TIME_WORDS
            )
    for prep in TARGET_PREPS:
        if prep in ("in", "at") and trig.code[:2] in PLACE_NOT_TARGET_ROOTS:
            continue  # "made his remarks in Doha": where, not at whom
        if by_prep.get(prep):
            yield from _nonempty(by_prep[prep])
    # xcomp object: "urged X to ...", "refused to deploy peacekeepers in Iraq",
    # "threatened to deliver blows to the United States"
    for c in children:
        if c.dep_ == "xcomp":
            inner = _dobj(c)
            if inner is not None:
                yield from _nonempty([inner])
            for prep in ("to", "against", "on", "at", "with", "in"):
                tier = [
                    p
                    for g in c.children
                    if g.dep_ == "prep" and g.lower_ == prep
                    for p in g.children
                    if p.dep_ == "pobj"
                ]
                if tier:
                    yield from _nonempty(tier)
    # "threatened to stop talks if the United States goes ahead": the condition's subject
    if (
        trig.code[:2] == "13"
        or verb.dep_ == "xcomp"
        or any(c.dep_ in ("xcomp", "advcl") for c in children)
    ):
        nodes = [verb, *[c for c in children if c.dep_ == "xcomp"]]
        if verb.dep_ == "xcomp":
            nodes.append(verb.head)
        for node in nodes:
            for c in node.children:
                if c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children
                ):
                    s, p = _subject(c)
                    if s is not None and not p:
                        yield from _nonempty([s])
    if trig.code[:2] in ("08", "12"):
        # "declined to resign despite pressure by the commission": who pressed is the other side
        nodes = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
        yield from _nonempty(
            [
                a
                for node in nodes
                for c in node.children
                if c.dep_ == "prep"
                and (c.lower_ == "despite" or c.lower_ in ("after", "following"))
                for p in pobjs(c)
                if c.lower_ == "despite" or p.lemma_.lower() in NEGOTIATION_NOUNS
                for g in p.children
                if g.dep_ in ("prep", "agent") and g.lower_ in ("by", "from", "with")
                for a in pobjs(g)
            ]
        )
    # "mobilized reservists for a possible war against Iraq"
    doc = verb.doc
    left, right = verb.left_edge, verb.right_edge
    if "against" in doc_text(doc)[left.idx : right.idx + len(right)].lower():
        yield from _nonempty(
            [
                p
                for t in verb.subtree
                if t.lower_ == "against" and t.dep_ == "prep" and t.head.i != verb.i
                for p in pobjs(t)
            ]
        )
    if dobj is not None and dobj.lemma_.lower() in PARTITIVES:
        # "suspended part of a military aid program for Bosnia": the whole is the object
        dobj = next(
            (p for c in dobj.children if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)),
            dobj,
        )
    if dobj is not None:
        yield from _nonempty([c for c in dobj.children if c.dep_ == "poss"])
        for prep in ("by", "of", "against", "on", "to", "with", "from", "for", "in"):
            if prep == "on" and trig.code[:2] in TOPIC_ON_ROOTS:
                continue
            if prep == "in" and trig.code[:2] in PLACE_NOT_TARGET_ROOTS:
                continue  # "made his remarks in Doha": where, not to whom
            yield from _nonempty(
                [
                    p
                    for c in dobj.children
                    if c.dep_ == "prep" and c.lower_ == prep
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
            )
        yield from _nonempty([c for c in dobj.children if c.dep_ in ("compound", "amod")])


def _nonempty(tier: list[Token]) -> Iterator[list[Token]]:
    if tier:
        yield tier


def _stranded_preps(noun: Token) -> list[Token]:
    """Prepositions the parser hung on the verb that belong to its object noun: in
    "described strikes by Russia on Ukraine", by/on follow the noun directly."""
    if noun.dep_ != "dobj":
        return []
    verb = noun.head
    out: list[Token] = []
    nxt = noun.right_edge.i + 1
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i == nxt and c.dep_ == "prep":
            out.append(c)
            nxt = c.right_edge.i + 1
    return out


def _preps(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ == "prep"] + _stranded_preps(noun)


def nominal_source_heads(noun: Token, *, circumstance: bool = True) -> list[Token]:
    out: list[Token] = []
    for c in _preps(noun):
        if c.lower_ == "by":
            out += [p for p in c.children if p.dep_ == "pobj"]
    for c in noun.children:
        if c.dep_ == "poss" and (
            noun.lemma_.lower() not in PATIENT_NOUNS
            or any(g.dep_ == "prep" and g.lower_ == "of" for g in noun.children)
        ):
            out.append(c)  # "Russia's invasion", but not "Israel's destruction"
    if not out:
        out += [
            c
            for c in noun.children
            if c.dep_ in ("compound", "amod", "nmod")
            and c.pos_ in ("PROPN", "ADJ", "NOUN")
            and c.ent_type_ in ("GPE", "NORP", "ORG")
        ]
    if not out:
        # "Israeli tank shelling": the demonym sits on a modifier of the event noun
        out += [
            c
            for c in noun.children
            if c.dep_ in ("compound", "nmod")
            and c.pos_ == "NOUN"
            and any(
                g.ent_type_ in ("GPE", "NORP") and g.dep_ in ("amod", "compound")
                for g in c.children
            )
        ]
    if circumstance and not out and noun.dep_ == "pobj" and noun.head.lower_ in CIRCUMSTANCE_PREPS:
        verb = noun.head.head
        if verb.pos_ in ("VERB", "AUX"):
            subj, passive = _subject(verb)
            if subj is not None and not passive:
                out.append(subj)  # "X visited ... during a visit", "X wounded Y in an attack"
    # "X's strikes", "strikes launched by X": acl with agent
    for c in noun.children:
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    out += [p for p in g.children if p.dep_ == "pobj"]
    if not out and noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in BLAMING_VERBS:
        out += prep_objects(noun.head, ("on", "to"))  # "the attack was blamed on X"
    return out


# "the attack was blamed on X", "attributed to X": X is said to have done it
BLAMING_VERBS = frozenset({"blame", "attribute", "pin"})


def nested_heads(noun: Token) -> list[Token]:
    """The other side named inside an event noun's "of" object: "a suspension of air links
    with Serbia", "the lifting of sanctions on Iran"."""
    return [
        p
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in pobjs(c)
        for g in o.children
        if g.dep_ == "prep" and g.lower_ in ("with", "to", "against", "on", "between")
        for p in pobjs(g)
    ]


def nominal_target_heads(
    noun: Token, trig: Trigger | None = None, *, strict: bool = False
) -> list[Token]:
    out: list[Token] = []
    words = {t.i for t in trig.tokens} if trig else set()
    preps = _preps(noun)
    topical = trig is not None and trig.code[:2] in TOPIC_ON_ROOTS
    if trig is not None and trig.code[:2] in ("09", "11") and noun.i != trig.token.i:
        # "investigating war crimes by extremists against civilians": the accused did them
        for c in preps:
            if c.lower_ == "by":
                out += [p for p in c.children if p.dep_ == "pobj"]
        if out:
            return out
    for prep in NOMINAL_TARGET_PREPS:
        if topical and prep in ("on", "upon"):
            continue  # "agreement on the fate of the refugees": what it is about
        if prep in ("in", "at") and trig is not None and trig.code[:2] in PLACE_NOT_TARGET_ROOTS:
            continue  # "made his remarks in Doha": where, not to whom
        for c in preps:
            if c.lower_ == prep and c.i not in words:
                out += [p for p in c.children if p.dep_ == "pobj" and p.lower_ not in TIME_WORDS]
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in ("target", "aim", "hit"):
                out += [g for g in c.children if g.dep_ == "dobj"]
        if out and (prep not in ("of", "in") or not strict):
            return out
    if not out and trig is not None and trig.code[:2] == "10":
        # "its demand that Sudan lift the emergency": the one asked to act
        for c in noun.children:
            if c.dep_ in ("acl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children
            ):
                out += [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
    return out
