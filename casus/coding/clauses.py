"""Clause-level cues read off the parse: modality, certainty, speaker, hedges, background.

Each function takes the trigger token and the cue lexicon and walks the dependency tree;
none of them knows about the knowledge base or the output records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from casus.coding.lexicon import Cues
from casus.doctext import doc_text

__all__ = [
    "Attribution",
    "modality_of",
    "attribution_of",
    "background_of",
    "subject_of",
    "governing_chain",
    "threat_condition",
    "nominal_modality",
]

CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "parataxis", "pcomp", "dep"}
# the links governing_chain climbs: clauses and the phrases a trigger can sit in
CHAIN_DEPS = frozenset(CLAUSE_DEPS | {"pobj", "prep", "dobj", "advmod", "nsubj", "npadvmod"})
_RANK = {"negated": 5, "hypothetical": 4, "conditional": 3, "future": 2, "actual": 1}
BACKGROUND_MARKS = {"after", "since", "following", "before", "once", "when", "as"}


AUX_LEMMAS = frozenset({"be", "have", "do"})


def governing_chain(tok: Token, limit: int = 6) -> list[Token]:
    """Heads above ``tok`` through clause links, nearest first."""
    out: list[Token] = []
    cur = tok
    for _ in range(limit):
        if cur.dep_ == "ROOT" or cur.head.i == cur.i:
            break
        if cur.dep_ not in CHAIN_DEPS:
            if not (cur.dep_ == "aux" and cur.tag_ == "VB" and cur.lemma_ not in AUX_LEMMAS):
                break  # but "to help identify victims": the parser makes "help" an aux
        cur = cur.head
        out.append(cur)
    return out


def is_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _own_modality(tok: Token, cues: Cues) -> tuple[str, list[str]]:
    found = "actual"
    words: list[str] = []
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ == "advmod" and low in ("never",)):
            return "negated", [c.text]
        if c.dep_ in ("aux", "auxpass"):
            if low in cues.future_aux or c.lemma_.lower() in cues.future_aux:
                cand = "future"
            elif low in cues.conditional_aux:
                # "said it would send troops": reported speech moves 'will' back to 'would';
                # an announced plan, not a condition (an "if" clause still makes it one)
                cand = "future" if _reported_past(tok, cues) else "conditional"
            elif low in cues.hypothetical_aux:
                cand = "hypothetical"
            else:
                continue
            if _RANK[cand] > _RANK[found]:
                found, words = cand, [c.text]
        if c.dep_ == "mark" and low in cues.conditional_marks and tok.dep_ == "advcl":
            # the condition itself ("if Hamas ran", "unless Baghdad accepted") is not asserted
            if _RANK["hypothetical"] > _RANK[found]:
                found, words = "hypothetical", [c.text]
        if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in c.children
        ):
            if _RANK["conditional"] > _RANK[found]:
                found, words = "conditional", [c.text]
    return found, words


# verbs that keep what their object says from being said or done
BLOCKING_VERBS = frozenset({"block", "veto", "scuttle", "thwart", "derail", "torpedo", "reject"})
# verbs whose complement happens only if they do ("allow X to meet", "let them leave")
PERMITTING = frozenset({"allow", "let", "permit", "enable", "authorize", "authorise"})
# a past-tense clause these introduce tells what happened, whatever the main clause plans
TEMPORAL_MARKS = frozenset({"after", "since", "when", "because", "as", "once", "while"})


def _reported_past(tok: Token, cues: Cues) -> bool:
    """The clause is the reported content of a past-tense reporting verb."""
    head = tok.head
    return (
        tok.dep_ == "ccomp"
        and head.tag_ == "VBD"
        and head.lemma_.lower() in cues.reporting_verbs
    )


def modality_of(trigger: Token, cues: Cues) -> str:
    """actual | future | conditional | hypothetical | negated for a verbal trigger."""
    mod, _ = _own_modality(trigger, cues)
    if mod == "negated":
        return mod
    cur = trigger
    for head in governing_chain(trigger):
        lemma = head.lemma_.lower()
        dep = cur.dep_
        if (
            dep == "advcl"
            and is_infinitive(cur)
            and (
                lemma in cues.intention_verbs
                or lemma in cues.negating_verbs
                or (lemma in cues.directive_verbs and _addressee_prep(head))
            )
        ):
            # "have sworn to fight", "called on Moscow to pull back": the parser says advcl,
            # the sense is xcomp
            dep = "xcomp"
        if dep == "ccomp" and lemma in PERMITTING:
            dep = "xcomp"  # "refused to allow the envoy to meet them": no meeting took place
        if dep in ("xcomp", "ccomp", "advcl") and lemma in cues.negating_verbs and dep == "xcomp":
            return "negated"
        if dep == "xcomp" and head.pos_ == "ADJ" and lemma in cues.intention_adjectives:
            mod = _max(mod, "future")
        if dep == "xcomp" and lemma in cues.intention_verbs:
            mod = _max(mod, "future")
        if dep in ("xcomp", "advcl") and is_infinitive(cur) and lemma in cues.effort_verbs:
            mod = _max(mod, "hypothetical")  # "rebels fighting to topple the government"
        if dep == "advcl" and is_infinitive(cur) and lemma in cues.directive_verbs:
            mod = _max(mod, "hypothetical")  # "appealed for $1.5 billion to help the victims"
        if (
            dep == "acl"
            and head.pos_ == "NOUN"
            and head.dep_ in ("dobj", "nsubjpass")
            and head.head.lemma_.lower() in BLOCKING_VERBS
        ):
            # "blocked an EU statement condemning China": the statement was never made
            mod = _max(mod, "hypothetical")
        if (
            dep in ("ccomp", "xcomp")
            and lemma in cues.hypothetical_verbs
            and lemma in ("fear", "worry", "consider", "contemplate", "mull", "weigh", "ponder")
        ):
            # "fears that X will attack", "is considering sending troops": not done
            mod = _max(mod, "hypothetical")
        if (
            dep in ("ccomp", "xcomp")
            and lemma in cues.directive_verbs
            and (dep == "ccomp" or _dobj_of(head) is not None or _addressee_prep(head))
        ):
            # "demanded that Israel ease restrictions", "urged Mali to hold elections"
            mod = _max(mod, "hypothetical")
        obj = _dobj_of(head) if dep == "ccomp" else None
        if (
            obj is not None
            and obj.lemma_.lower() in cues.directive_verbs | cues.directive_nouns
        ) or (dep in ("acl", "ccomp", "relcl") and head.lemma_.lower() in cues.directive_nouns):
            # "reiterated its demand that Israel ease restrictions" (the parser hangs the
            # clause on the verb), "a resolution that aims to impose a blockade": what is
            # demanded or proposed, not done
            mod = _max(mod, "hypothetical")
        if (
            dep == "advcl"
            and cur.tag_ == "VBD"
            and any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in cur.children)
        ):
            break  # "will press on, a day after US forces carried out strikes": that happened
        head_mod, _ = _own_modality(head, cues)
        if dep in ("xcomp", "conj", "advcl") or (
            dep == "ccomp" and head_mod == "negated" and head.lemma_ not in cues.reporting_verbs
        ):
            if head_mod == "negated" and dep in ("xcomp",):
                return "negated"
            if head_mod != "negated":
                mod = _max(mod, head_mod)
            elif dep == "advcl" and is_infinitive(cur):
                # "would not give permission to Russia to help Israel": a purpose never granted
                mod = _max(mod, "hypothetical")
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in cur.children
        ):
            mod = _max(mod, "conditional")
        if (
            dep == "advcl"
            and cur.tag_ in ("VB", "VBP", "VBZ")
            and any(c.dep_ == "mark" and c.lower_ in cues.pending_marks for c in cur.children)
        ):
            # "will fight until they gain control", "withholding aid until a government takes
            # over": a present-tense 'until'/'before' clause names what has not happened yet
            mod = _max(mod, "hypothetical")
        if dep == "acl" and is_infinitive(cur) and (
            lemma in cues.proposal_nouns or lemma in cues.effort_nouns
        ):
            # "an offer to host a summit", "an invitation to attend talks", "any attempt to
            # retake Crimea": what a noun proposes, plans or tries has not happened
            mod = _max(mod, "hypothetical")
        if dep in ("ccomp", "relcl", "acl", "pobj", "dobj", "nsubj"):
            break
        cur = head
    return mod


def threat_condition(trigger: Token, cues: Cues) -> bool:
    """True when the act is announced on a condition that makes it a threat ("unless ...")."""
    nodes = [trigger] + [h for h in governing_chain(trigger, limit=3)]
    # "vowed to bring the port to a standstill unless ...": the vow's own complement
    nodes += [c for c in trigger.children if c.dep_ == "xcomp"]
    for node in nodes:
        for c in node.children:
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in cues.threat_marks for m in c.children
            ):
                return True
    return False


def nominal_modality(noun: Token, cues: Cues) -> str:
    for c in noun.children:
        if c.dep_ in ("det", "amod") and c.lower_ in cues.hypothetical_determiners:
            if c.lower_ in ("new", "further") and c.dep_ == "amod":
                continue
            return "hypothetical"
        if c.dep_ == "neg" or c.lower_ == "no":
            return "negated"
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower()
        in ("threat", "warning", "fear", "risk", "possibility", "prospect", "plan", "danger")
    ):
        return "hypothetical"
    return "actual"


def _addressee_prep(tok: Token) -> bool:
    """ "called on Israel to ...", "appealed to the UN to ...": the addressee in a phrase."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("on", "upon", "to")
        and any(g.dep_ == "pobj" for g in c.children)
        for c in tok.children
    )


def _dobj_of(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)


def _max(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


@dataclass(slots=True)
class Attribution:
    certainty: str = "asserted"
    speaker_head: Token | None = None
    reporting_source: str | None = None
    hedges: list[str] = field(default_factory=list)
    reporting_verb: Token | None = None
    channel_speaker: bool = False  # the "speaker" is a channel (reports, media), not an actor


def _channel_text(noun: Token) -> str | None:
    """The channel named by a report noun: 'reports in the Iranian media' -> 'the Iranian media'."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "by", "from", "on", "of"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return p.doc[p.left_edge.i : p.right_edge.i + 1].text
    return None


DENYING_VERBS = {"deny", "dismiss", "refute", "reject", "rebut", "discount"}


def attribution_of(
    trigger: Token, cues: Cues, *, in_quote: bool = False, sent: Span | None = None
) -> Attribution:
    """Who says so and how sure: reporting verbs above the trigger, hedges, 'according to'."""
    att = Attribution()
    if sent is None:
        sent = trigger.sent  # costs a scan of the document: callers pass the sentence
    nodes = [trigger] + governing_chain(trigger, limit=8)
    for node in nodes:
        if node.lemma_.lower() in cues.channel_nouns and node is not trigger:
            break
        for c in node.children:
            if (
                c.dep_ in ("advmod", "amod")
                and c.lower_ in cues.hedges
                and c.text not in att.hedges
            ):
                att.hedges.append(c.text)
                att.certainty = _weaker(att.certainty, cues.hedges[c.lower_])
    # reporting verb above the trigger
    prev = trigger
    for node in nodes[1:]:
        lemma = node.lemma_.lower()
        if (
            node.pos_ in ("NOUN", "PROPN")
            and lemma in cues.channel_nouns
            and prev.dep_ in ("acl", "ccomp", "relcl", "appos")
        ):
            hedge_words = [c.text for c in node.children if c.lower_ in cues.hedges]
            if hedge_words:
                att.hedges.append(" ".join(hedge_words + [node.text]))
                for w in hedge_words:
                    att.certainty = _weaker(att.certainty, cues.hedges[w.lower()])
            else:
                att.certainty = _weaker(att.certainty, "reported")
            att.reporting_source = _channel_text(node) or att.reporting_source
            gov = node.head
            if node.dep_ == "dobj" and gov.lemma_.lower() in DENYING_VERBS:
                # "Iraq denied reports that factions had laid siege to the base"
                att.certainty = "denied"
                att.reporting_verb = gov
                att.speaker_head = subject_of(gov)
            break
        if (
            node.pos_ in ("VERB", "AUX")
            and lemma in cues.reporting_verbs
            and prev.dep_ in ("ccomp", "xcomp", "parataxis", "dobj", "conj", "advcl", "prep")
            or (
                node.pos_ == "VERB"
                and lemma in cues.reporting_verbs
                and prev.dep_ in ("ccomp", "parataxis")
            )
        ):
            if prev.dep_ == "conj" and lemma != "deny":
                prev = node
                continue
            att.reporting_verb = node
            value = cues.reporting_verbs[lemma]
            subj = subject_of(node)
            if subj is not None and subj.lemma_.lower() in cues.channel_nouns:
                # "Unverified social media reports said ...": the channel, and its hedges
                att.reporting_source = subj.doc[subj.left_edge.i : subj.i + 1].text
                value = "reported" if value in ("claimed", "asserted") else value
                for c in subj.children:
                    if c.lower_ in cues.hedges:
                        att.hedges.append(f"{c.text} {subj.text}")
                        value = _weaker(value, cues.hedges[c.lower_])
                att.channel_speaker = True
            att.speaker_head = subj
            if any(c.dep_ == "neg" for c in node.children) and value != "denied":
                value = "unconfirmed"
            att.certainty = _weaker(att.certainty, value)
            for c in node.children:
                if c.dep_ in ("advmod",) and c.lower_ in cues.hedges and c.text not in att.hedges:
                    att.hedges.append(c.text)
                    att.certainty = _weaker(att.certainty, cues.hedges[c.lower_])
            break
        prev = node
    # "according to X"
    # (sliced from the Doc's text: Span.text joins every token's text on each call)
    for tok in sent if "ccording to" in doc_text(sent.doc)[sent.start_char : sent.end_char] else ():
        if (
            tok.lower_ == "according"
            and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].lower_ == "to"
        ):
            objs = [p for p in tok.doc[tok.i + 1].children if p.dep_ == "pobj"] or [
                p for p in tok.children if p.dep_ == "pobj"
            ]
            if objs:
                p = objs[0]
                att.reporting_source = p.doc[p.left_edge.i : p.right_edge.i + 1].text
                for c in p.subtree:
                    if c.lower_ in cues.hedges:
                        att.hedges.append(c.text)
                        att.certainty = _weaker(att.certainty, cues.hedges[c.lower_])
                att.certainty = _weaker(att.certainty, "reported")
            break
    if in_quote and att.certainty == "asserted":
        att.certainty = "claimed"
    return att


_CERT_RANK = {"asserted": 0, "claimed": 1, "reported": 2, "unconfirmed": 3, "denied": 4}


def _weaker(a: str, b: str) -> str:
    if b not in _CERT_RANK:
        return a
    return a if _CERT_RANK[a] >= _CERT_RANK[b] else b


def _past_year(noun: Token) -> bool:
    for c in noun.children:
        if c.like_num and len(c.text) == 4 and c.text.isdigit() and 1900 < int(c.text) < 2100:
            year = noun.doc.user_data.get("casus_year")
            return year is None or int(c.text) < year
    return False


def subject_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    return None


def _existential(noun: Token) -> bool:
    """ "There were ten soldiers killed": the noun is what "there is" introduces."""
    verb = noun.head
    return (
        noun.dep_ in ("attr", "nsubj")
        and verb.lemma_ == "be"
        and any(c.dep_ == "expl" for c in verb.children)
    )


TOLL_VERBS = frozenset({"kill", "wound", "injure", "die", "hurt"})


def toll_of(clause: Token) -> bool:
    """The clause is the 'when' clause of a toll with no author of its own: "dozens were
    killed when gunmen attacked", "three soldiers died when militants stormed a post"."""
    verb = clause.head
    if verb.lemma_.lower() not in TOLL_VERBS or not any(
        (c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB")) and c.lower_ == "when"
        for c in clause.children
    ):
        return False
    kids = list(verb.children)
    if any(c.dep_ == "agent" for c in kids):
        return False
    return any(c.dep_ == "nsubjpass" for c in kids) or (
        verb.lemma_.lower() == "die" and any(c.dep_ == "nsubj" for c in kids)
    )


def background_of(trigger: Token, cues: Cues) -> bool:
    """True when the event is mentioned as context for another."""
    if trigger.pos_ in ("NOUN", "PROPN") and _past_year(trigger):
        return True  # "the 1994 genocide", "the 2003 invasion"
    if trigger.pos_ in ("NOUN", "PROPN"):
        if trigger.dep_ == "pobj" and trigger.head.lower_ in cues.background_preps:
            return trigger.head.lower_ != "against" or trigger.head.head.pos_ == "NOUN"
        if trigger.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS and c.i < trigger.i
            for c in trigger.head.children
        ):
            return True  # "Since the strikes by the US, ..." misparsed as the clause subject
        if (
            trigger.dep_ == "pobj"
            and trigger.head.lower_ in ("to", "of")
            and trigger.head.head.lemma_.lower()
            in ("response", "retaliation", "revenge", "wake", "aftermath", "consequence")
        ):
            return True
        return False
    if trigger.dep_ == "advcl":
        if toll_of(trigger):
            return False  # "ten died when gunmen attacked a village": the attack is the news
        return any(
            (c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < trigger.i))
            and c.lower_ in BACKGROUND_MARKS
            for c in trigger.children
        )  # "for assets they lost when Idi Amin expelled them": "when" parsed as an adverb
    if trigger.dep_ == "acl" and trigger.head.dep_ == "ROOT":
        return False  # a main clause the parser hung on its subject
    clause = trigger
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head  # "a resolution that aims to tighten sanctions"
    if (
        clause is not trigger
        and clause.dep_ == "advcl"
        and not toll_of(clause)
        and any(
            c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS and c.lower_ != "when"
            for c in clause.children
        )
    ):
        return True  # "after the Swedish parliament voted to recognise Western Sahara"
    if (
        clause.dep_ in ("relcl", "acl")
        and clause.head.lemma_.lower() not in cues.statement_nouns
        and clause.head.lemma_.lower() not in cues.channel_nouns  # "reports that X had ..."
        and not (clause.dep_ == "acl" and clause.head.dep_ == "ROOT")
        and not (clause.dep_ == "acl" and _existential(clause.head))
        and not (
            # "police dispersed demonstrators protesting the results": they protest now
            clause.dep_ == "acl"
            and clause.tag_ == "VBG"
            and clause.head.tag_ in ("NNS", "NNPS")
            and clause.head.lemma_.lower() not in cues.statement_nouns
        )
    ):
        return True  # "two men sought in the slaying", "rebels who overran the town"
    if trigger.dep_ == "pcomp" and trigger.head.lower_ in cues.background_preps:
        return True
    return False
