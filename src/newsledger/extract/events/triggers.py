"""Event triggers: words and phrases of the lexicon, checked against the parse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsledger.extract.events.acled import Words
from newsledger.extract.events.lexicon import Lexicon, TriggerRule
from newsledger.extract.events.roles import is_agent_noun
from newsledger.knowledge import prepositions
from newsledger.nlp import labels

# Tokens inside these entities name something; they are not event words
# ("Popular Mobilization Forces", "the Islamic Revolution").
NAME_LABELS = labels.NAMES - {"LOC", "EVENT"}  # a named event ("the Gulf War") is still an event
# Dependents through which an argument word may hang under a trigger.
ARG_DEPS = frozenset(
    {
        "dobj",
        "nsubjpass",
        "nsubj",
        "compound",
        "amod",
        "poss",
        "nmod",
        "npadvmod",
        "attr",
        "pobj",
        "oprd",
        "dative",
        "appos",
        "advmod",
        "conj",
        "xcomp",
        "advcl",
    }
)

DOER_DEPS = frozenset({"nsubj", "nsubjpass", "pobj"})
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "compound", "conj", "appos", "amod", "npadvmod", "nmod"}
)


@dataclass(frozen=True)
class Trigger:
    head: Token  # the token the event hangs on in the parse
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    rule: TriggerRule


def _forms(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def _words(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _argument_words(token: Token) -> set[str]:
    """Lemmas of the trigger's arguments: direct dependents and objects of its prepositions."""
    found: set[str] = set()
    for child in token.children:
        setting = child.dep_ == "prep" and child.lower_ in prepositions("setting")
        if setting and token.pos_ != "NOUN":
            # "took place in Iraqi provinces" says where, not what ("an increase in flights" does)
            continue
        if child.dep_ == "prep" or child.dep_ == "agent":
            for g in child.children:
                if g.dep_ in ("pobj", "pcomp"):
                    found |= _words(g)
                    for c in g.children:
                        if c.dep_ in ("compound", "amod", "acl", "relcl"):  # "as means to demand"
                            found |= _words(c)
        elif child.dep_ in ARG_DEPS or child.dep_ == "prt":
            found |= _words(child)
            for c in child.children:
                if c.dep_ in ("compound", "amod"):
                    found |= _words(c)
                elif c.dep_ == "prep" and c.lower_ == "of":  # "a number of barracks"
                    for g in c.children:
                        if g.dep_ == "pobj":
                            found |= _words(g)
    if token.dep_ in ("compound", "amod", "nmod"):
        found.add(_forms(token.head)[0])
    if token.head.dep_ == "prep" or token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
        found.add(_forms(token.head)[0])
    return found


def _choose(rules: Iterable[TriggerRule], token: Token) -> TriggerRule | None:
    """The best applicable rule: argument-checked rules first, then priority, then file order."""
    best: tuple[tuple[int, int, int], TriggerRule] | None = None
    args: set[str] | None = None
    for rule in rules:
        if token.pos_ not in rule.pos:
            continue
        if rule.args:
            args = _argument_words(token) if args is None else args
            if not rule.args & args:
                continue
        rank = (1 if rule.args else 0, rule.priority, -rule.order)
        if best is None or rank > best[0]:
            best = (rank, rule)
    return best[1] if best else None


def _is_name(token: Token) -> bool:
    return token.ent_type_ in NAME_LABELS and token.pos_ == "PROPN"


def _phrase_at(sent: list[Token], i: int, lex: Lexicon) -> Trigger | None:
    token = sent[i]
    for key in set(_forms(token)):
        for words, rule in lex.phrases.get(key, ()):
            if i + len(words) > len(sent):
                continue
            tokens = sent[i : i + len(words)]
            if all(w in _forms(t) for w, t in zip(words, tokens)):
                head = min(tokens, key=lambda t: (t.pos_ not in ("VERB", "NOUN"), t.i))
                if any(t.head.i < tokens[0].i or t.head.i > tokens[-1].i for t in tokens[:1]):
                    head = _span_root(tokens)
                return Trigger(head=head, start=token.i, end=token.i + len(words), rule=rule)
    return None


def _span_root(tokens: list[Token]) -> Token:
    """The token of the phrase whose head lies outside it (the phrase's syntactic root)."""
    indices = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in indices or t.head.i == t.i:
            return t
    return tokens[0]


def _excluded_phrase_end(sent: list[Token], i: int, lex: Lexicon) -> int:
    """Token index after a never-a-trigger phrase starting at i ("take place"), else -1."""
    for key in set(_forms(sent[i])):
        for words in lex.excluded_phrases.get(key, ()):
            if i + len(words) <= len(sent) and all(
                w in _forms(sent[i + j]) for j, w in enumerate(words)
            ):
                return sent[i].i + len(words)
    return -1


def _is_modifier(token: Token) -> bool:
    """'Iranian-backed', 'Turkey-led': a participle inside a compound adjective."""
    return token.i > 0 and token.nbor(-1).text == "-" and token.dep_ in ("amod", "compound")


def _may_start(i: int, lemmas: list[str], lowers: list[str], lex: Lexicon) -> bool:
    """Cheap test: can any trigger or excluded phrase start at doc token i?"""
    lemma, lower = lemmas[i], lowers[i]
    return (
        lemma in lex.words
        or lower in lex.words
        or lemma in lex.phrases
        or lower in lex.phrases
        or lemma in lex.excluded_phrases
        or lower in lex.excluded_phrases
    )


def find_triggers(span: Span, lex: Lexicon, words: Words) -> list[Trigger]:
    """Every trigger of one sentence, in text order; phrases beat the single words they cover."""
    found: list[Trigger] = []
    covered_until = -1
    sent = list(span)
    for i, token in enumerate(sent):
        if token.i < covered_until or not _may_start(token.i, words.lemmas, words.lowers, lex):
            continue
        covered_until = _excluded_phrase_end(sent, i, lex)
        if covered_until > token.i or _is_modifier(token):
            continue
        phrase = _phrase_at(sent, i, lex)
        if phrase is not None:
            found.append(phrase)
            covered_until = phrase.end
            continue
        lemma, lower = _forms(token)
        rules = lex.words.get(lemma) or lex.words.get(lower)
        if not rules or _is_name(token) or (lemma, token.pos_) in lex.excluded:
            continue
        rule = _choose(rules, token)
        if rule is not None:
            found.append(Trigger(head=token, start=token.i, end=token.i + 1, rule=rule))
    return _drop_doers(found)


def _governor(token: Token) -> Token:
    """The word a noun hangs from, looking through a preposition."""
    head = token.head
    return head.head if head.dep_ in ("prep", "agent") else head


def _drop_doers(found: list[Trigger]) -> list[Trigger]:
    """Drop nouns that are a participant of another event rather than an event.

    'Gunmen opened fire': the doer noun is the actor of the verb's event.
    'Explosive devices were found', 'killed in an airstrike', 'a grenade attack':
    the weapon is an argument of the finding or the killing, whose category the
    weapon then refines.
    """
    heads = {t.head.i: t for t in found}
    kept = []
    for trigger in found:
        head = trigger.head
        if is_agent_noun(head) and trigger.end - trigger.start == 1 and head.dep_ != "nsubj":
            continue  # "attacked a group of protesters": the protesters are participants
        governor = heads.get(_governor(head).i) if head.dep_ != "ROOT" else None
        if governor is not None and governor is not trigger and head.pos_ in ("NOUN", "PROPN"):
            if is_agent_noun(head) and trigger.end - trigger.start == 1 and head.dep_ in DOER_DEPS:
                continue
            if (
                trigger.rule.type == "ASSAULT"
                and governor.rule.type in ("ASSAULT", "COERCE")
                and head.dep_ in ARGUMENT_DEPS
            ):
                continue
        kept.append(trigger)
    return kept
