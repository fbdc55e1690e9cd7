"""Numbers with units and qualifiers: "more than 60 buses", "$600 a month".

One pass over the tokens finds number phrases (digits, number words, scales
like "1.5 million" or "two dozen", and vague magnitudes like "thousands of"),
then reads around each one, using ``knowledge/quantity_words.jsonl``:

- ``approx`` from the cue just before it: "more than", "over", "at least"
  -> more_than; "up to", "nearly", "fewer than" -> less_than; "about",
  "some", "an estimated" -> about; "only" or nothing -> exact.
- Vague magnitudes count as their lower bound with ``approx="more_than"``:
  "dozens" 12, "hundreds" 100, "thousands" 1000, "hundreds of thousands"
  100000, "billions of dollars" 1e9 USD. (They guarantee at least that
  much; "about" would claim a precision they do not have.)
- ``unit``: a currency code for "$", "€", "dollars" ...; "percent" for "%";
  "age" for "37-year-old"; otherwise the lemma of the counted noun ("buses"
  -> "bus", "people" -> "person"), or for "the number of flights reached 13"
  the noun after "number of". None when nothing is counted.
- ``per``: the rate period of "$600 a month", "50 per day" ("month", "day").
- ``max_value``: the upper end of a range ("between 50 and 60 people",
  "20-25 fighters": value 50, max_value 60, approx more_than).

Numbers that are part of a date ("Jan. 5, 2026") are skipped by looking at
``ctx.times``; durations ("over three years") are kept as quantities too.

For consumers (events): ``quantities_in_span(ctx.quantities, start, end)``
returns the quantities inside a character span; ``quantities_for_token``
those in a token's syntactic subtree (a trigger's arguments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from newsledger.extract.context import Context
from newsledger.extract.times import doc_text
from newsledger.knowledge import load_records
from newsledger.models import Quantity, Time
from newsledger.nlp import labels

NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
NAME_ENTS = labels.NAMES - {"NORP"}  # a number inside a name is part of it ("10 Downing Street")
SKIP_BEFORE_UNIT = {"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH", "NNP", "RB", "CD"}


@dataclass(frozen=True)
class Words:
    numbers: dict[str, float]
    scales: dict[str, float]
    suffix_scales: dict[str, float]  # "1.2m", "5bn", "40k": only when written attached
    vague: dict[str, float]
    approx: dict[str, str]
    currency: dict[str, str]
    currency_words: dict[str, str]
    aliases: dict[str, str]
    per_units: frozenset[str]
    not_units: frozenset[str]
    approx_pattern: re.Pattern[str]


def _table(records: tuple[dict[str, Any], ...], kind: str, key: str, value: str) -> dict[str, Any]:
    return {str(r[key]).lower(): r[value] for r in records if r.get("kind") == kind}


@lru_cache(maxsize=1)
def words() -> Words:
    records = load_records("quantity_words.jsonl")
    approx = _table(records, "approx", "phrase", "approx")
    cues = sorted(approx, key=len, reverse=True)
    pattern = re.compile(
        r"(?:^|(?<=\W))(" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")\s*$",
        re.IGNORECASE,
    )
    return Words(
        numbers={
            **{str(r["word"]).lower(): r["value"] for r in load_records("number_words.jsonl")},
            **_table(records, "number", "word", "value"),
        },
        scales=_table(records, "scale", "word", "value"),
        suffix_scales=_table(records, "suffix_scale", "word", "value"),
        vague=_table(records, "vague", "word", "value"),
        approx=approx,
        currency=_table(records, "currency", "word", "unit"),
        currency_words=_table(records, "currency_word", "word", "unit"),
        aliases=_table(records, "unit_alias", "word", "unit"),
        per_units=frozenset(_table(records, "per_unit", "word", "word")),
        not_units=frozenset(_table(records, "not_unit", "word", "word")),
        approx_pattern=pattern,
    )


@dataclass
class Phrase:
    first: int  # token index of the phrase's first token (currency sign included)
    last: int  # token index after the number words
    value: float
    approx: str = "exact"
    unit: str | None = None
    max_value: float | None = None


def is_number(tok: Token, w: Words) -> bool:
    low = tok.lower_
    if ORDINAL.match(low) or tok.ent_type_ == "ORDINAL":
        return False
    return bool(NUMERIC.match(tok.text)) or low in w.numbers or low in w.scales or low in w.vague


def number_value(toks: list[Token], w: Words) -> tuple[float, bool] | None:
    """The value of consecutive number tokens and whether a vague word was in it."""
    total, current, vague, seen = 0.0, 0.0, False, False
    for tok in toks:
        low = tok.lower_.replace(",", "")
        if NUMERIC.match(tok.text):
            current += float(low)
        elif low in w.numbers:
            current += float(w.numbers[low])
        elif low in w.vague:
            current = (current or 1) * float(w.vague[low])
            vague = True
        elif low in w.scales or low in w.suffix_scales:
            scale = float(w.scales.get(low) or w.suffix_scales[low])
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0.0
            else:
                current = (current or 1) * scale
        elif low in ("and", "of", "-", "a"):
            continue
        else:
            return None
        seen = True
    return (total + current, vague) if seen else None


def continues(doc: Doc, j: int, w: Words) -> bool:
    """Whether token j extends the number phrase before it.

    Digits joined by "and" or a dash are a range ("20-25"), not one number;
    number words so joined are ("twenty-five", "two hundred and fifty").
    """
    tok, prev = doc[j], doc[j - 1]
    low = tok.lower_
    if low in w.suffix_scales:  # "1.2m", "5bn": only written attached to digits
        return tok.idx == prev.idx + len(prev.text) and bool(NUMERIC.match(prev.text))
    if is_number(tok, w):  # "1.5 million", "two dozen", "hundreds of thousands"
        if low in w.scales or low in w.vague:
            return True
        if prev.lower_ in ("and", "-"):
            return (
                low in w.numbers
                and j >= 2
                and (doc[j - 2].lower_ in w.numbers or doc[j - 2].lower_ in w.scales)
            )
        return prev.lower_ in w.numbers and low in w.numbers
    if low in ("of", "and", "-") and j + 1 < len(doc):
        after = doc[j + 1].lower_
        if low == "of":
            return after in w.vague or after in w.scales
        return after in w.numbers and (prev.lower_ in w.numbers or prev.lower_ in w.scales)
    return False


def range_end(doc: Doc, p: Phrase, w: Words) -> None:
    """ "between 50 and 60", "10 to 15", "20-25": set p.max_value and extend the phrase."""
    j = p.last
    if j + 1 >= len(doc) or doc[j].lower_ not in ("to", "-", "\u2013", "and"):
        return
    if doc[j].lower_ == "and" and not (p.first and doc[p.first - 1].lower_ == "between"):
        return
    k = j + 1 + (1 if doc[j + 1].lower_ in w.currency else 0)
    if k >= len(doc) or not is_number(doc[k], w):
        return
    end = k + 1
    while end < len(doc) and continues(doc, end, w):
        end += 1
    parsed = number_value(list(doc[k:end]), w)
    if parsed is None or parsed[0] <= p.value:
        return
    scale = doc[p.last - 1].lower_  # "2 to 3 million": the scale belongs to both
    if doc[end - 1].lower_ in w.scales and scale not in w.scales:
        p.value *= float(w.scales[doc[end - 1].lower_])
    p.max_value, p.last = parsed[0], end
    if p.approx == "exact":
        p.approx = "more_than"


def phrase_openers(doc: Doc, w: Words) -> set[int]:
    """Tokens a number phrase could start at (a number word or digits, a
    currency, "a"): one cheap pass, so `phrase_at` runs on few tokens."""
    words = w.numbers.keys() | w.scales.keys() | w.vague.keys() | w.currency.keys()
    return {t.i for t in doc if t.lower_ in words or t.lower_ == "a" or NUMERIC.match(t.text)}


def phrase_at(doc: Doc, i: int, w: Words) -> Phrase | None:
    """The number phrase starting at token i ("$", "1.5", "million"; "hundreds of thousands")."""
    first = i
    currency = None
    if doc[i].lower_ in w.currency and i + 1 < len(doc) and is_number(doc[i + 1], w):
        currency, i = w.currency[doc[i].lower_], i + 1
    elif doc[i].lower_ == "a" and i + 1 < len(doc) and doc[i + 1].lower_ in w.scales:
        i += 1  # "a dozen", "a thousand"
    if not is_number(doc[i], w):
        return None
    j = i + 1
    while j < len(doc) and continues(doc, j, w):
        j += 1
    parsed = number_value(list(doc[i:j]), w)
    if parsed is None:
        return None
    value, vague = parsed
    phrase = Phrase(first, j, value, "more_than" if vague else "exact", currency)
    range_end(doc, phrase, w)
    return phrase


def counted_noun(doc: Doc, p: Phrase, w: Words, timed: set[int]) -> Token | None:
    """The noun a number counts: its head, or the next noun ("thousands of Iraqi Shiites").

    Words of a time expression ("13 last Monday") are never the unit.
    """
    last_number = doc[p.last - 1]
    head = last_number.head
    if (
        last_number.dep_ in ("nummod", "quantmod", "compound")
        and head.i >= p.last
        and head.pos_ in ("NOUN", "PROPN")
        and head.i not in timed
    ):
        return head
    k = p.last
    if (
        k < len(doc)
        and doc[k].lower_ == "of"
        and (last_number.lower_ in w.vague or last_number.lower_ in w.scales)
    ):
        k += 1
    limit = k + 4
    while k < min(limit, len(doc)):
        tok = doc[k]
        if k in timed:
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in w.not_units:
            while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.i < k + 4:
                tok = tok.head
            return tok
        if tok.tag_ not in SKIP_BEFORE_UNIT and tok.ent_type_ != "NORP":
            return None
        k += 1
    return None


def unit_name(tok: Token, w: Words) -> str:
    low = tok.lower_
    if low in w.aliases:
        return str(w.aliases[low])
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNPS" and lemma == low and low.endswith("s"):
        lemma = low[:-1]  # "Shiites" -> "shiite": proper plurals keep their s in the lemma
    return str(w.aliases.get(lemma, lemma))


def number_of(doc: Doc, tok: Token) -> Token | None:
    """ "The number of flights reached 13": the counted noun of the clause's subject."""
    verb = tok.head.head if tok.head.dep_ == "prep" else tok.head  # "rose to 30"
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_ in (
            "number",
            "total",
            "count",
            "toll",
            "tally",
        ):
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            compounds = [c for c in child.children if c.dep_ == "compound"]
            return compounds[0] if compounds else None
    return None


def read_unit(doc: Doc, text: str, p: Phrase, w: Words, timed: set[int]) -> int:
    """Set p.unit from what follows the number; return the index after the phrase."""
    end = p.last
    rest = text[doc[end - 1].idx + len(doc[end - 1].text) : doc[end - 1].idx + 40].lower()
    for alias in ("-year-old", " years old", " year old"):
        if rest.startswith(alias):
            p.unit = "age"
            span = doc.char_span(
                doc[end - 1].idx,
                doc[end - 1].idx + len(doc[end - 1].text) + len(alias),
                alignment_mode="expand",
            )
            return span.end if span is not None else end
    if end < len(doc) and doc[end].lower_ in ("%", "percent", "pct"):
        p.unit = "percent"
        return end + 1
    if p.unit:
        return end
    for length in (2, 1):  # currency words: "Iraqi dinars", "dollars", "of dollars"
        k = end + (1 if end < len(doc) and doc[end].lower_ == "of" else 0)
        phrase = " ".join(t.lower_ for t in doc[k : k + length])
        if phrase in w.currency_words:
            p.unit = str(w.currency_words[phrase])
            return k + length
    noun = counted_noun(doc, p, w, timed)
    if noun is not None:
        p.unit = unit_name(noun, w)
        return noun.i + 1
    counted = number_of(doc, doc[p.last - 1])
    if counted is not None:
        p.unit = unit_name(counted, w)
    return end


def read_per(doc: Doc, end: int, w: Words, timed: set[int]) -> tuple[str | None, int]:
    """ "a month", "per day", "each year" right after the phrase (not "a year earlier")."""
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("a", "an", "per", "each", "every")
        and end + 1 not in timed
    ):
        noun = doc[end + 1]
        lemma = noun.lemma_.lower()
        if lemma in w.per_units or (doc[end].lower_ == "per" and noun.pos_ == "NOUN"):
            return lemma, end + 2
    return None, end


def read_approx(doc: Doc, text: str, first: int, w: Words) -> tuple[str, int]:
    """The approximation cue just before the phrase and the character offset it starts at."""
    start = doc[first].idx
    before = text[max(0, start - 24) : start]
    m = w.approx_pattern.search(before)
    if not m:
        return "exact", start
    return str(w.approx[" ".join(m.group(1).lower().split())]), start - len(before) + m.start(1)


def time_tokens(doc: Doc, times: list[Time]) -> tuple[set[int], set[int], set[int]]:
    """Token indices of every time expression; those no unit may come from; and
    numbers inside dates (not durations such as "three years": quantities too)."""
    covered: set[int] = set()
    inside: set[int] = set()
    dates: set[int] = set()
    for t in times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        point = t.value is not None and t.end_value is None  # "two days later" is a date
        covered.update(range(span.start, span.end))
        for tok in span:
            following = doc[tok.i + 1].lemma_.lower() if tok.i + 1 < len(doc) else ""
            if point or (following not in TIME_UNITS and tok.lemma_.lower() not in TIME_UNITS):
                inside.add(tok.i)
                if tok.like_num or point:
                    dates.add(tok.i)
    return covered, inside, dates


def keep(doc: Doc, p: Phrase, w: Words) -> bool:
    """Number words need something counted ("one of the leaders" is no quantity),
    unless they are a magnitude ("dozens more") or a verb's argument ("Eleven
    were killed")."""
    numbers = doc[p.first : p.last]
    words_only = not any(NUMERIC.match(t.text) for t in numbers)
    if words_only and p.unit is None:
        last = numbers[-1]
        magnitude = any(t.lower_ in w.vague or t.lower_ in w.scales for t in numbers)
        argument = (
            last.dep_ in ("nsubj", "nsubjpass", "dobj")
            and last.lower_ != "one"
            and not any(c.dep_ == "prep" for c in last.children)
        )
        if not (magnitude or argument):
            return False
    prev = doc[p.first - 1].text if p.first else ""
    if prev in ("No.", "#", "no.") or any(t.ent_type_ in NAME_ENTS for t in numbers):
        return False  # "No. 5", "10 Downing Street", "Boeing 737"
    last = numbers[-1]
    # "Resolution 2334", "Flight 17", "Article 5": a number naming the noun before it
    return not (p.unit is None and last.head.i < last.i and last.head.pos_ in ("PROPN", "NOUN"))


def number(value: float) -> int | float:
    """An int when the value is integral (the format's convention)."""
    return int(value) if float(value).is_integer() else value


def find_quantities(doc: Doc, times: list[Time], text: str | None = None) -> list[Quantity]:
    """Every quantity of a parsed text; numbers inside `times` dates are skipped.

    `text` is ``doc.text`` when the caller has it (spaCy rebuilds it from the
    tokens on every access)."""
    w = words()
    text = doc.text if text is None else text
    covered, timed, skip = time_tokens(doc, times)
    found: list[Quantity] = []
    openers = phrase_openers(doc, w)
    i = 0
    while i < len(doc):
        if (
            i not in openers
            or i in skip
            or (p := phrase_at(doc, i, w)) is None
            or any(k in skip for k in range(p.first, p.last))
        ):
            i += 1
            continue
        end = read_unit(doc, text, p, w, timed)
        per, end = read_per(doc, end, w, covered)
        approx, start_char = read_approx(doc, text, p.first, w)
        if p.approx == "more_than" and approx == "exact":
            approx = "more_than"
        if keep(doc, p, w):
            end_char = doc[end - 1].idx + len(doc[end - 1].text)
            found.append(
                Quantity(
                    id=f"Q{len(found) + 1}",
                    start=start_char,
                    end=end_char,
                    text=text[start_char:end_char],
                    value=number(p.value),
                    unit=p.unit,
                    approx=approx,  # type: ignore[arg-type]
                    per=per,
                    max_value=None if p.max_value is None else number(p.max_value),
                )
            )
        i = max(end, p.last)
    return found


def extract_quantities(ctx: Context) -> list[Quantity]:
    return find_quantities(ctx.doc, ctx.times, doc_text(ctx))


def quantities_in_span(quantities: list[Quantity], start: int, end: int) -> list[Quantity]:
    """The quantities that overlap the character span [start, end), in text order."""
    return [q for q in quantities if q.start < end and start < q.end]


def quantities_for_token(quantities: list[Quantity], token: Token) -> list[Quantity]:
    """The quantities inside a token's syntactic subtree (an event trigger's arguments)."""
    left = token.left_edge.idx
    right = token.right_edge.idx + len(token.right_edge)
    return quantities_in_span(quantities, left, right)
