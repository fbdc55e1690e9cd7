"""Who did it and to whom: actor and recipient phrases from the dependency parse.

Active clauses give subject and object; passives give the `by` agent and the
passive subject; nominal events give `by X` / `X's` as actor and `of Y` /
`against Y` as recipient ("the recruitment of fighters by Kataib Hezbollah").
Verbs without a subject of their own borrow it from the verb they depend on
("agreed to set up", "involved in suppressing", "carried out an attack").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsledger.knowledge import prepositions, word_list
from newsledger.nlp import labels

SUBJECTS = ("nsubj", "csubj", "expl")
# Links through which a subject-less verb inherits the subject of its governor.
INHERIT_DEPS = frozenset(
    {
        "xcomp",
        "conj",
        "advcl",
        "pcomp",
        "prep",
        "pobj",
        "dobj",
        "acomp",
        "ccomp",
        "attr",
        "oprd",
        "npadvmod",
    }
)
# Trailing parts of a noun phrase left out of an actor's text.
CUT_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl"})
LEFT_CUT_DEPS = frozenset({"prep", "punct", "advmod", "npadvmod", "cc", "mark"})
NOT_ROLE_LABELS = labels.VALUES
AGENT_SUFFIXES = ("ter", "tor", "ner", "per", "ber", "man", "men", "der", "ist")
COREFERRING = frozenset({"it", "they", "he", "she", "we"})
PRONOUN_SUBJECTS = frozenset({"it", "which", "that", "who", "this", "there"})


def phrase_span(head: Token) -> Span:
    """The noun phrase of a head token, without relative clauses and appositions."""
    doc = head.doc
    left = head.i
    for (
        child
    ) in head.lefts:  # "On 2 June, in Rosario, a group of people": the group, not the setting
        if child.dep_ not in LEFT_CUT_DEPS:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ == "appos" and child.left_edge.i == right + 1:
            right = (
                child.right_edge.i
            )  # "Iran's religious leader Ayatollah Khomeini": a name in apposition
            continue
        if child.dep_ in CUT_DEPS:
            break
        right = max(right, child.right_edge.i)
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1]


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _prep_object(token: Token, preps: frozenset[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            obj = _child(child, ("pobj",))
            if obj is not None:
                return obj
    return None


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            obj = _child(child, ("pobj",))
            if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                return obj
    return None


def _speaker(clause: Token) -> Token | None:
    """The subject of the verb a complement clause hangs from ("Hungary said it will ...")."""
    if clause.dep_ not in ("ccomp", "xcomp", "advcl", "conj"):
        return None
    subj = _child(clause.head, ("nsubj", "nsubjpass"))
    return subj if subj is not None and subj.pos_ != "PRON" else None


def _subject(verb: Token) -> Token | None:
    """The verb's own subject, or one borrowed from the verbs it depends on.

    A personal pronoun subject of a complement clause is taken to be the
    subject of the clause it depends on ("the rebels said they will release").
    """
    current = verb
    for _ in range(5):
        subj = _child(current, ("nsubj", "nsubjpass", "csubj"))
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ in COREFERRING:
            speaker = _speaker(current)
            if speaker is not None:
                return speaker
        if subj is not None and subj.lower_ not in PRONOUN_SUBJECTS:
            return subj
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = current.head
            proxies = word_list("event_words.jsonl", "proxy_nouns")
            if noun.lemma_.lower() in proxies and noun.head.pos_ in ("VERB", "AUX"):
                return _subject(noun.head)
            return noun
        if subj is not None:  # a relative pronoun: the noun it stands for
            return current.head if current.dep_ == "relcl" else None
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def verb_roles(verb: Token) -> tuple[Token | None, Token | None]:
    """(actor, recipient) heads of a verbal trigger."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "people besieged by the forces of evil"
        return _agent(verb), verb.head
    passive_subject = _child(verb, ("nsubjpass",))
    if passive_subject is not None:
        agent = _agent(verb)
        if agent is None and _stative(verb):  # "Israel is opposed to", "forces were engaged in"
            return passive_subject, _prep_object(verb, prepositions("recipient") | {"to"})
        return agent, passive_subject
    actor = _subject(verb)
    recipient = _child(verb, ("dobj", "dative")) or _prep_object(verb, prepositions("recipient"))
    return actor, recipient


def _stative(verb: Token) -> bool:
    """A passive form read as a state of its subject: 'is opposed to', 'was engaged in', 'is
    prepared to'."""
    return any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("to", "in")) for c in verb.children
    )


def noun_roles(
    noun: Token,
    light_verbs: frozenset[str],
    not_agentive: frozenset[str] = frozenset(),
    trigger_heads: frozenset[int] = frozenset(),
) -> tuple[Token | None, Token | None]:
    """(actor, recipient) heads of a nominal trigger."""
    actor = _agent(noun) or _child(noun, ("poss",))
    if actor is not None and actor.pos_ == "PRON" and noun.dep_ == "dobj":
        actor = _subject(noun.head) or actor  # "the ILO reiterated its demand": the ILO
    recipient = _prep_object(noun, prepositions("noun_recipient"))
    if actor is None:
        actor = _child(noun, ("compound", "amod")) if _is_group_modifier(noun) else None
    nominal = noun.head if noun.dep_ == "compound" else noun  # "a mediation effort"
    if actor is None and nominal.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "conj", "npadvmod"):
        governor = nominal.head if nominal.dep_ != "pobj" else nominal.head.head
        lemma = governor.lemma_.lower()
        if governor.pos_ in ("VERB", "AUX") and (
            lemma in light_verbs
            or governor.lower_ in light_verbs
            or (
                nominal.dep_ == "dobj"
                and lemma not in not_agentive
                and governor.i not in trigger_heads
            )
        ):
            actor = _subject(governor)
    return actor, recipient


def _is_group_modifier(noun: Token) -> bool:
    """'Israeli airstrikes', 'Houthi attack': a nationality or group name before the noun."""
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.ent_type_ in labels.GROUPS:
            return True
    return False


def is_agent_noun(token: Token) -> bool:
    """'protesters', 'gunmen', 'kidnapper': the trigger word names the doers themselves."""
    lemma = token.lemma_.lower()
    return token.pos_ in ("NOUN", "PROPN") and len(lemma) > 5 and lemma.endswith(AGENT_SUFFIXES)


def _usable(token: Token | None, start: int, end: int) -> Token | None:
    """Drop role words that are dates, numbers or places, or part of the trigger itself."""
    if token is None or start <= token.i < end:
        return None
    if token.ent_type_ in NOT_ROLE_LABELS and not any(  # "Thousands of Iraqi Shiites" is a group
        c.dep_ == "prep" and c.lower_ == "of" for c in token.children
    ):
        return None
    return token


def roles(
    head: Token,
    start: int,
    end: int,
    light_verbs: frozenset[str],
    not_agentive: frozenset[str] = frozenset(),
    trigger_heads: frozenset[int] = frozenset(),
) -> tuple[Token | None, Token | None]:
    """Actor and recipient head tokens of the trigger spanning tokens [start, end)."""
    if is_agent_noun(head):
        return head, None
    if head.pos_ in ("VERB", "AUX") or (head.dep_ == "ROOT" and head.pos_ != "NOUN"):
        actor, recipient = verb_roles(head)
    else:
        actor, recipient = noun_roles(head, light_verbs, not_agentive, trigger_heads)
    if (
        recipient is None and end - start > 1
    ):  # "opened fire on protesters": the "on" hangs from "fire"
        for token in head.doc[start:end]:
            recipient = recipient or _prep_object(token, prepositions("recipient"))
    return _usable(actor, start, end), _usable(recipient, start, end)


def demander(head: Token) -> Token | None:
    """Who says that someone must act: the subject of the saying verb or noun above the clause
    ("Straw said the rebels must ...", "Chirac issued a reminder that Iraq must ...")."""
    for token in [head, *head.ancestors]:
        if token.dep_ in ("ccomp", "acl") and token.head.i != token.i:
            above = token.head
            if above.pos_ in ("NOUN", "PROPN") and above.dep_ in ("dobj", "nsubjpass"):
                above = above.head
            if above.pos_ in ("VERB", "AUX"):
                return _subject(above)
            return None
    return None
