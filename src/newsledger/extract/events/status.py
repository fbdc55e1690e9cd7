"""How the article holds an event: asserted, reported, caveated, or not a real occurrence.

Order of precedence: negated > hypothetical > future (from the parse: negation,
modal and future auxiliaries, "plans to", "if") > unverified / disputed / denied
(inside a caveat's scope) > reported (inside an attribution) > asserted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from newsledger.knowledge import load_records
from newsledger.models import Attribution, Caveat

# Links climbed from an event word to the verbs whose modality it shares.
CHAIN_DEPS = frozenset(
    {
        "xcomp",
        "conj",
        "csubj",
        "csubjpass",
        "prep",
        "pobj",
        "dobj",
        "pcomp",
        "acomp",
        "attr",
        "nsubj",
        "nsubjpass",
        "compound",
        "amod",
        "oprd",
        "agent",
    }
)
CAVEAT_STATUS = {
    "unverified": "unverified",
    "unconfirmed": "unverified",
    "speculative": "unverified",
    "disputed": "disputed",
    "denied": "denied",
}
# Links that do not make the event a complement of the word above ("set fire and blocked roads").
NOT_COMPLEMENT = frozenset({"conj", "nsubj", "nsubjpass", "csubj", "compound", "amod"})
RANK = {"negated": 0, "hypothetical": 1, "future": 2}


@dataclass(frozen=True)
class Modality:
    aux: dict[str, str]
    governor: dict[str, str]
    intent: frozenset[str]  # words of a promise or threat: "will", "ready to"
    obligation: frozenset[str]  # words of a demand: "must", "should"
    mark: dict[str, str]
    subject: dict[str, str]
    det: dict[str, str]
    neg: dict[str, str]


@lru_cache(maxsize=1)
def modality() -> Modality:
    tables: dict[str, dict[str, str]] = {
        k: {} for k in ("aux", "governor", "mark", "subject", "det", "neg", "intent", "obligation")
    }
    for record in load_records("event_modality.jsonl"):
        table = tables.get(str(record.get("kind")))
        if table is not None:
            for word in record.get("words", ()):
                table.setdefault(str(word).lower(), str(record["status"]))
    intent = frozenset(tables.pop("intent"))
    obligation = frozenset(tables.pop("obligation"))
    return Modality(intent=intent, obligation=obligation, **tables)


def chain(head: Token, limit: int = 9) -> Iterator[Token]:
    """The trigger, then the words it hangs from within its clause."""
    current = head
    for _ in range(limit):
        yield current
        if current.dep_ not in CHAIN_DEPS or current.head.i == current.i:
            return
        current = current.head


def _own_marks(token: Token, table: Modality) -> tuple[str, str] | None:
    found: tuple[str, str] | None = None
    for child in token.children:
        word = child.lower_
        status = None
        if child.dep_ == "neg":
            status = table.neg.get(word, "negated")
        elif child.dep_ in ("aux", "auxpass"):
            status = table.aux.get(word)
        elif child.dep_ == "det":
            status = table.det.get(word)
        elif child.dep_ in ("nsubj", "nsubjpass"):
            status = table.subject.get(word)
        if status and (found is None or RANK[status] < RANK[found[0]]):
            found = (status, child.lower_)
    return found


def _clause_mark(token: Token, table: Modality) -> tuple[str, str] | None:
    """'if' / 'whether' on the clause the chain ends in; a purpose clause ("went there to
    fight")."""
    for child in token.children:
        if child.dep_ == "mark" and child.lower_ in table.mark:
            return table.mark[child.lower_], child.lower_
    if (
        token.dep_ == "advcl"
        and token.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    ):
        return "hypothetical", "to"
    return None


def grammatical_cue(head: Token) -> tuple[str | None, str | None]:
    """(negated / hypothetical / future, the word that says so) from the parse, or (None, None)."""
    table = modality()
    found: tuple[str, str] | None = None
    previous: Token | None = None
    for token in chain(head):
        cue = _own_marks(token, table) or _clause_mark(token, table)
        if token.dep_ == "prep" and token.lower_ in table.det:  # "left without being inspected"
            cue = (table.det[token.lower_], token.lower_)
        if (
            previous is not None
            and cue is None
            and token.pos_ in ("VERB", "ADJ", "AUX", "NOUN")
            and previous.dep_ not in NOT_COMPLEMENT
        ):
            lemma = token.lemma_.lower()
            cue = (table.governor[lemma], lemma) if lemma in table.governor else None
        if cue and (found is None or RANK[cue[0]] < RANK[found[0]]):
            found = cue
        previous = token
    if found is None and previous is not None:
        found = _demanded(previous, table)
    return found if found else (None, None)


def _demanded(clause: Token, table: Modality) -> tuple[str, str] | None:
    """A that-clause in the subjunctive under a word of wanting or demanding ("demanded that
    troops withdraw", "its demand that Israel ease restrictions", "urged that control be
    taken away"): what is demanded has not happened. A clause in the indicative ("feared
    that troops attacked") is left alone."""
    if clause.dep_ not in ("ccomp", "acl") or clause.head.i == clause.i:
        return None
    subjunctive = clause.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause.children)
    passive = any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in clause.children)
    lemma = clause.head.lemma_.lower()
    if (subjunctive or passive) and table.governor.get(lemma) == "hypothetical":
        return "hypothetical", lemma
    return None


def grammatical_status(head: Token) -> str | None:
    """negated / hypothetical / future from the parse, or None for a plain occurrence."""
    return grammatical_cue(head)[0]


def conditional(head: Token) -> bool:
    """An 'if' / 'unless' clause hangs from the event's verb chain ("will withdraw unless ...")."""
    for token in chain(head):
        for child in token.children:
            if child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in child.children
            ):
                return True
    return False


def _inside(start: int, span_start: int, span_end: int) -> bool:
    return span_start <= start < span_end


def caveat_status(start: int, sentence: tuple[int, int], caveats: list[Caveat]) -> str | None:
    """The status a caveat gives to an event word at `start`, if any."""
    for caveat in caveats:
        status = CAVEAT_STATUS.get(caveat.status)
        if status is None:
            continue
        if caveat.scope is not None:
            if _inside(start, caveat.scope.start, caveat.scope.end):
                return status
        elif _inside(caveat.start, *sentence):
            return status
    return None


class Contents:
    """Attributions by where their content starts, asked which innermost one
    holds an offset. Only contents starting within the longest one's length
    before the offset are looked at, so each event costs a few comparisons,
    not one per attribution of a long article."""

    def __init__(self, attributions: list[Attribution]) -> None:
        self.ordered = sorted(enumerate(attributions), key=lambda pair: pair[1].content.start)
        self.starts = [a.content.start for _, a in self.ordered]
        self.longest = max((a.content.end - a.content.start for a in attributions), default=0)

    def innermost(self, offset: int) -> Attribution | None:
        """The shortest content holding `offset`; of equal ones, the first listed."""
        best: tuple[int, int, Attribution] | None = None
        for k in range(
            bisect_left(self.starts, offset - self.longest), bisect_right(self.starts, offset)
        ):
            index, attribution = self.ordered[k]
            content = attribution.content
            key = (content.end - content.start, index)
            if _inside(offset, content.start, content.end) and (best is None or key < best[:2]):
                best = (*key, attribution)
        return best[2] if best is not None else None


def attribution_of(start: int, attributions: list[Attribution]) -> Attribution | None:
    """The innermost attribution whose content holds the event word."""
    return Contents(attributions).innermost(start)


def event_status(
    grammatical: str | None,
    start: int,
    sentence: tuple[int, int],
    caveats: list[Caveat],
    attribution: Attribution | None,
) -> str:
    if grammatical:
        return grammatical
    caveated = caveat_status(start, sentence, caveats)
    if caveated:
        return caveated
    return "reported" if attribution is not None else "asserted"
