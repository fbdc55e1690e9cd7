"""Time expressions, resolved against the publication date (``ctx.anchor``).

How it works: the patterns of `timepatterns.py` (built from
``knowledge/time_words.jsonl``) run once each over the article text; the
longest non-overlapping matches are kept, checked against the parse (a
month word must be capitalised and not a verb or a name, a bare year must not
be a counted number), and resolved in text order by `timerules.py`, which
knows the last date of the paragraph ("the next day", "two days later") and
the last reporting period ("the quarter", "a year earlier"). Weekday names
and dates without a year take the nearest such day before the anchor, or
after it when the governing verb is future ("will", "plans to"); a learned
model (`timeanchor.py`) re-chooses among such readings when it is enabled. Two times
joined by "to", "until", "through" or a dash ("from Jan. 3 to Jan. 5") become
one range; durations in a present or perfect clause ("for more than a week")
become a range ending at the anchor. spaCy DATE entities that no pattern
explains are kept with ``value=None``.

Each `Time` has ``value`` (ISO day, "YYYY-MM" or "YYYY"), ``precision``,
``end_value`` for anything wider (weeks, quarters, decades, ranges) and
``ref`` ("past", "present", "future") for vague words like "recently".

For consumers (events): ``times_in_span(ctx.times, start, end)`` returns the
times inside a character span (a clause, a sentence), in text order;
``time_for_token(ctx.times, token)`` the time expression nearest to a token
within its sentence, preferring those the token governs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsledger.extract import timeanchor as ta
from newsledger.extract import timeres as tr
from newsledger.extract.context import Context as ExtractContext
from newsledger.extract.timeanchor import Choice, Surroundings
from newsledger.extract.timepatterns import lexicon, rules
from newsledger.extract.timerules import ABSOLUTE, HANDLERS, Resolved, State
from newsledger.models import Time
from newsledger.nlp import labels

BAD_YEAR_ENTS = labels.NUMBERS
# Names a month or weekday word inside is not a date of (event and law names keep their dates).
NAME_ENTS = labels.NAMES - {"EVENT", "LAW"}
MONTH_RULES = {"mdy", "dmy", "mdy_range", "month_year", "month_rel", "month"}
RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|to|until|till|through|and)\s*", re.IGNORECASE)
RANGE_LEAD = re.compile(r"(?:from|between)\s+$", re.IGNORECASE)
RATE_OR_ADJECTIVE = re.compile(
    r"^(?:each|every|per|a|an)\s+\w+$|^\S+-(?:year|month|week|day|decade|hour)$", re.IGNORECASE
)
AGE = re.compile(r"\d+[\s-]+(?:year|month|week|day)s?[\s-]+old", re.IGNORECASE)


@dataclass
class Candidate:
    start: int
    end: int
    rule: str
    order: int
    match: re.Match[str]


@dataclass
class Found:
    start: int
    end: int
    rule: str
    resolved: Resolved
    absolute: bool = False  # a full date written with its year


def candidates(text: str) -> list[Candidate]:
    """Every match of every rule, longest first, then overlaps removed."""
    # The publication date inference and the time extractor both read them: scanning
    # every rule over the text once, not twice, saves a few ms an article (issue 13).
    # Callers only read the candidates, so they share them.
    return list(_candidates(text))


@lru_cache(maxsize=2)
def _candidates(text: str) -> tuple[Candidate, ...]:
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    found = [
        Candidate(m.start(), m.end(), name, order, m)
        for order, (name, pattern) in enumerate(rules())
        for m in pattern.finditer(low)
    ]
    for c in found:
        mon = c.match.groupdict().get("mon") or ""
        full_name = mon and not lexicon().words("month").get(mon.lower(), {}).get("abbr")
        if full_name and text[c.end - 1] == "." and low[c.start : c.end - 1].endswith(mon):
            c.end -= 1  # "in late January." ends a sentence, not an abbreviation
    found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    return tuple(sorted(_without_overlaps(found), key=lambda c: c.start))


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Each candidate in turn unless it overlaps one already kept. The kept ones never
    overlap each other, so sorted by start only the two neighbours need a look: a bisect,
    not a pass over all kept (thousands of "Jan." made that quadratic)."""
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for c in found:
        k = bisect_left(starts, c.start)
        if (k > 0 and ends[k - 1] > c.start) or (k < len(starts) and starts[k] < c.end):
            continue
        starts.insert(k, c.start)
        ends.insert(k, c.end)
        kept.append(c)
    return kept


def token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def plausible(c: Candidate, doc: Doc, text: str) -> bool:
    """Parse-based checks that a match is a time, not a name, a verb or a count."""
    groups = c.match.groupdict()
    for name in ("mon", "wd"):
        if groups.get(name) and not text[c.match.start(name)].isupper():
            return False
    if c.rule == "month":
        tok = token_at(doc, c.match.start("mon"))
        word = lexicon().words("month").get(c.match.group("mon").lower().rstrip("."), {})
        if tok is None or word.get("abbr"):
            return False
        if tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX") or tok.ent_type_ in NAME_ENTS:
            return False
    if c.rule == "weekday":
        tok = token_at(doc, c.start)
        if tok is not None and tok.ent_type_ in NAME_ENTS - {"GPE"}:
            return False
    if c.rule in ("year", "year_range"):
        return plausible_year(doc, c.match.start("y"))
    return True


def plausible_year(doc: Doc, offset: int) -> bool:
    tok = token_at(doc, offset)
    if tok is None:
        return True
    if tok.ent_type_ in BAD_YEAR_ENTS:
        return False
    if tok.i > 0 and doc[tok.i - 1].text in ("$", "#", "No.", "no."):
        return False
    if tok.dep_ == "nummod" and tok.head.tag_ == "NNS":
        # "2017 ballots" counts; "the 2017 elections" dates (a determiner before the year)
        return any(c.dep_ in ("det", "poss") and c.i < tok.i for c in tok.head.children)
    return True


def governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


@lru_cache(maxsize=1)
def future_words() -> tuple[frozenset[str], frozenset[str]]:
    lx = lexicon()
    return frozenset(lx.words("future_aux")), frozenset(lx.words("future_verb"))


def tense(span: Span | None) -> str | None:
    """ "future" ("will", "plans to"), "past" (a past-tense verb) or None."""
    verb = governing_verb(span) if span is not None else None
    if verb is None:
        return None
    if verb.tag_ == "VBD":
        return "past"
    if is_future(verb):
        return "future"
    if verb.tag_ == "VBN" or any(
        c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in verb.children
    ):
        return "past"
    return None


def is_future(verb: Token) -> bool:
    """Whether a verb is future ("will", "'ll", "going to", "plans to", "is expected to")."""
    aux, verbs = future_words()
    inherits = verb.tag_ == "VB" and verb.dep_ in ("xcomp", "conj", "advcl")
    chain = [verb] + ([verb.head] if inherits else [])
    for v in chain:
        if v.lower_ in aux or (v.lemma_.lower() in verbs and v is not verb):
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in aux for c in v.children):
            return True
    return False


def past_simple(span: Span | None) -> bool:
    verb = governing_verb(span) if span is not None else None
    if verb is None or verb.tag_ != "VBD":
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def context_of(
    span: Span | None, state_tense: str | None, doc: Doc, paragraph: int
) -> Surroundings:
    """What the anchoring model reads of an expression's surroundings."""
    verb = governing_verb(span) if span is not None else None
    before = ""
    if span is not None and span.start > 0:
        prev = doc[span.start - 1]
        before = prev.lower_ if prev.pos_ in ("ADP", "ADV", "DET", "SCONJ", "PART") else prev.pos_
    return Surroundings(
        tense=state_tense,
        verb_tag=verb.tag_ if verb is not None else "none",
        before=before or "start",
        paragraph=paragraph,
    )


def resolve(
    doc: Doc,
    anchor: date | None,
    text: str | None = None,
    record: list[tuple[Found, list[Choice]]] | None = None,
) -> list[Found]:
    """Candidates in text order, resolved with the paragraph and period context.

    With `record`, the rules alone decide, and every expression the anchoring
    model could re-anchor is recorded with its candidates (for training it)."""
    text = doc.text if text is None else text
    paragraphs = paragraph_starts(text)
    state = State(anchor=anchor)
    paragraph = -1
    found = []
    choices: list[Choice] = []
    for c in candidates(text):
        if not plausible(c, doc, text):
            continue
        para = bisect_right(paragraphs, c.start)
        if para != paragraph:
            paragraph, state.ref = para, None
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        state.tense = tense(span)
        anchored = (c.match.groupdict().get("approx") or "") in ("past", "last")
        if c.rule == "duration" and not anchored and past_simple(span):  # "he served for two years"
            result = Resolved()
        else:
            try:
                result = HANDLERS[c.rule](c.match, state)
            except (ValueError, OverflowError):  # calendar arithmetic beyond year 1..9999
                result = Resolved()
        if result.drop:
            continue
        learned = record is not None or ta.weights() is not None
        if (
            learned
            and c.rule in ta.RULES
            and state.anchor is not None
            and result.period is not None
        ):
            ctx = context_of(span, state.tense, doc, para - 1)
            if record is not None:
                choices = ta.training_choices(c.rule, c.match, state, ctx, result.period)
            else:
                result = replace(
                    result, period=ta.choose(c.rule, c.match, state, ctx, result.period)
                )
        if result.period is not None and c.rule not in ("duration", "vague"):
            state.ref = state.last = result.period
        absolute = c.rule in ABSOLUTE and bool(c.match.groupdict().get("y"))
        found.append(Found(c.start, c.end, c.rule, result, absolute))
        if record is not None and choices:
            record.append((found[-1], choices))
            choices = []
    return found


def merge_ranges(found: list[Found], text: str) -> list[Found]:
    """Join "from X to Y", "Jan. 3 until Jan. 5", "between 2019 and 2021" into one range."""
    merged: list[Found] = []
    for f in found:
        prev = merged[-1] if merged else None
        if prev is not None and prev.resolved.period and f.resolved.period:
            gap = text[prev.end : f.start]
            lead = RANGE_LEAD.search(text[max(0, prev.start - 9) : prev.start])
            joined = RANGE_GAP.fullmatch(gap) and (lead or gap.strip().lower() != "and")
            if joined and f.resolved.period.end >= prev.resolved.period.start:
                whole = tr.span(prev.resolved.period, f.resolved.period)
                merged[-1] = Found(prev.start, f.end, "range", Resolved(whole))
                continue
        merged.append(f)
    return merged


@lru_cache(maxsize=1)
def time_nouns() -> frozenset[str]:
    lx = lexicon()
    kinds = ("unit", "month", "weekday", "season", "part_of_day", "relative_day", "time_noun")
    return frozenset(w for kind in kinds for w in lx.words(kind))


def entity_times(doc: Doc, found: list[Found]) -> list[Found]:
    """spaCy DATE entities no pattern explained (kept unresolved).

    Only those with a time word in them ("the early days", "Ramadan" is not:
    add it to time_words), and not ages ("37-year-old"), rates ("each month")
    or adjectives ("four-year")."""
    not_time = lexicon().words("not_time")
    nouns = time_nouns()
    extra = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or AGE.search(ent.text) or ent.text.lower() in not_time:
            continue
        if RATE_OR_ADJECTIVE.search(ent.text) or not any(
            t.lower_ in nouns or t.lemma_.lower() in nouns for t in ent
        ):
            continue
        if any(ent.start_char < f.end and f.start < ent.end_char for f in found):
            continue
        extra.append(Found(ent.start_char, ent.end_char, "entity", Resolved()))
    return extra


def to_time(index: int, f: Found, text: str) -> Time:
    value, end_value, precision = (None, None, "unknown")
    if f.resolved.period is not None:
        value, end_value, precision = tr.fields(f.resolved.period)
    return Time(
        id=f"T{index}",
        start=f.start,
        end=f.end,
        text=text[f.start : f.end],
        value=value,
        end_value=end_value,
        precision=precision,  # type: ignore[arg-type]
        ref=f.resolved.ref,  # type: ignore[arg-type]
    )


def find_times(doc: Doc, anchor: date | None, text: str | None = None) -> list[Time]:
    """Every time expression of a parsed text, resolved against `anchor`.

    `text` is ``doc.text`` when the caller has it (spaCy rebuilds it from the
    tokens on every access)."""
    text = doc.text if text is None else text
    found = merge_ranges(resolve(doc, anchor, text), text)
    found = sorted(found + entity_times(doc, found), key=lambda f: f.start)
    return [to_time(i, f, text) for i, f in enumerate(found, 1)]


def extract_times(ctx: ExtractContext) -> list[Time]:
    return find_times(ctx.doc, ctx.anchor, doc_text(ctx))


def doc_text(ctx: ExtractContext) -> str | None:
    """The article text when it is the parsed text (cheap check), else None."""
    text, doc = ctx.article.text, ctx.doc
    if not len(doc):
        return None
    last = doc[-1]
    return text if last.idx + len(last.text_with_ws) == len(text) else None


def times_in_span(times: list[Time], start: int, end: int) -> list[Time]:
    """The times that overlap the character span [start, end), in text order."""
    return [t for t in times if t.start < end and start < t.end]


def time_for_token(times: list[Time], token: Token) -> Time | None:
    """The time that belongs to a token (an event trigger): one in its own subtree
    first, else the nearest resolved one in its sentence."""
    sent = token.sent
    inside = [t for t in times_in_span(times, sent.start_char, sent.end_char) if t.value or t.ref]
    if not inside:
        return None
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    governed = [t for t in inside if left <= t.start and t.end <= right]
    pool = governed or inside
    return min(pool, key=lambda t: abs(t.start - token.idx))
