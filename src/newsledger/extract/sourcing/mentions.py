"""Who a source mention refers to: relative pronouns, pronouns, names, titles.

A mention is resolved to a *key*; mentions with the same key are one source.
Names key on the surname ("Ibrahim al-Khayyat" = "Al-Khayyat"), pronouns on
the nearest earlier subject outside quotes ("his mother told ... She said"),
titles on a descriptor of an earlier source ("the general").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.extract.sourcing.quotes import Quote
from newsledger.knowledge import word_list


def words(which: str) -> frozenset[str]:
    """A word list of mention_words.jsonl: relative, personal, plural, name_particles, female."""
    return word_list("mention_words.jsonl", which)


@dataclass(frozen=True)
class Mention:
    head: Token
    start: int
    end: int


def is_initial(word: str) -> bool:
    return len(word) <= 3 and word.endswith(".") and word[:1].isupper()


def entity_bounds(tok: Token) -> tuple[int, int] | None:
    """Token bounds [start, end) of the entity containing `tok`, if any."""
    if not tok.ent_type_:
        return None
    # Walk the IOB tags: doc.ents builds every entity span on each access.
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def person_entity(tok: Token) -> tuple[int, int] | None:
    """Token bounds [start, end) of the PERSON entity containing `tok`, if any."""
    return entity_bounds(tok) if tok.ent_type_ == "PERSON" else None


def name_key(doc: Doc, start: int, end: int) -> str:
    """Surname key of a name: its last word, or the first before an initial."""
    words = [t.text for t in doc[start:end] if t.text not in ("’s", "'s")]
    if not words:
        return ""
    last = words[-1]
    if is_initial(last) and len(words) > 1:
        last = words[0]
    return "per:" + last.lower()


def core_span(tok: Token) -> tuple[int, int]:
    """Token bounds of a noun phrase without appositions, clauses and participles."""
    lo = tok.i
    for t in tok.lefts:
        if t.dep_ not in ("punct",):
            lo = min(lo, t.left_edge.i)
    hi = tok.i
    for t in tok.rights:
        if t.dep_ in ("prep", "compound", "nummod") and t.i == hi + 1:
            hi = t.right_edge.i
    for k in range(tok.i + 1, hi + 1):  # a comma opens an apposition or clause
        if tok.doc[k].text in (",", "(", "—"):
            hi = k - 1
            break
    return lo, hi + 1


def in_quote(quotes: tuple[Quote, ...], offset: int) -> bool:
    return any(q.start <= offset < q.end for q in quotes)


def candidates(doc: Doc, quotes: tuple[Quote, ...]) -> list[Token]:
    """Subjects outside quotes, in order: antecedents for pronouns."""
    found = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ not in ("NOUN", "PROPN"):
            continue  # checked first: the head lookups below build token objects
        head = tok.head
        main = head.dep_ in ("ROOT", "conj", "parataxis") or head.head.i == head.i
        if main and not in_quote(quotes, tok.idx):
            found.append(tok)
    return found


def plausible(tok: Token, pronoun: str) -> bool:
    """Could `tok` be what `pronoun` refers to?"""
    lemma = tok.lemma_.lower()
    kind = lexicon().source_kinds.get(lemma)
    plural = tok.tag_ in ("NNS", "NNPS")
    if pronoun in words("plural"):
        return plural or tok.ent_type_ in ("ORG", "NORP")
    personal = tok.ent_type_ == "PERSON" or (kind == "person" and not plural)
    if not personal:
        return False
    if pronoun in ("she", "her"):
        return lemma in words("female") or tok.ent_type_ == "PERSON"
    return lemma not in words("female")


def antecedent(pron: Token, cands: list[Token], speakers: tuple[Token, ...] = ()) -> Token | None:
    """An earlier speaker that fits the pronoun ("his mother told ... She said"),
    else the nearest earlier subject that fits, within a few paragraphs."""
    word = pron.lower_
    limit = pron.idx - 1500
    pool = sorted({t.i: t for t in (*speakers, *cands)}.values(), key=lambda t: t.i)
    for tok in reversed(pool):
        if tok.idx >= pron.idx:
            continue
        if tok.idx < limit:
            break
        if plausible(tok, word):
            return tok
    return None


def relative_head(tok: Token) -> Token | None:
    """ "X, who declared": the noun a relative pronoun stands for."""
    if tok.lower_ in words("relative") and tok.head.dep_ == "relcl":
        return tok.head.head
    return None
