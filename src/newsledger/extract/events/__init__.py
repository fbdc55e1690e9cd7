"""Events: who did what to whom, where and when, coded as PLOVER, ACLED and CAMEO.

One pass over the sentences finds triggers (`triggers`, lexicon in
`knowledge/event_triggers.jsonl`); each becomes an event with its roles from
the parse (`roles`), normalised through the actor dictionary (`extract.actors`),
its status (`status`), the place, time and quantities of the other extractors
(`linking`) and a context-refined ACLED category (`acled`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from newsledger.extract.actors import lookup_actor
from newsledger.extract.context import Context
from newsledger.extract.events import acled as acled_rules
from newsledger.extract.events import linking
from newsledger.extract.events.coding import recode
from newsledger.extract.events.lexicon import lexicon
from newsledger.extract.events.roles import demander, phrase_span, roles
from newsledger.extract.events.status import Contents, event_status, grammatical_cue
from newsledger.extract.events.triggers import Trigger, find_triggers
from newsledger.extract.repeats import repeated_paragraphs
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.models import AcledType, Actor, Event, Place, Quantity, Time, When, span_of

__all__ = ["extract_events"]

UNREAL = frozenset({"negated"})
NP_LINKS = frozenset({"pobj", "prep", "compound", "appos", "conj", "nmod", "poss"})
# Acts done by doing something else: a purpose clause of this type is no mere intention.
EXPRESSIVE = frozenset({"PROTEST", "REQUEST", "ACCUSE", "REJECT", "SUPPORT"})


@dataclass
class Indexed:
    """The other extractors' findings, each tied to its token, built once per article."""

    places: linking.Findings[Place]
    times: linking.Findings[Time]
    quantities: linking.Findings[Quantity]
    focus: Place | None
    paragraph_starts: list[int]
    text: str  # doc.text, built once (spaCy rebuilds it on every access)
    words: acled_rules.Words
    contents: Contents  # the attributions, to find the one an event is reported in


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _index(ctx: Context) -> Indexed:
    doc = ctx.doc
    text = doc_text(doc)
    return Indexed(
        places=linking.Findings(linking.index_findings(doc, ctx.places)),
        times=linking.Findings(linking.index_findings(doc, ctx.times)),
        quantities=linking.Findings(linking.index_findings(doc, ctx.quantities)),
        focus=linking.focus_place(ctx.places),
        paragraph_starts=_paragraph_starts(text),
        text=text,
        words=acled_rules.Words.of(doc),
        contents=Contents(ctx.attributions),
    )


def _actor(head: Token | None, ctx: Context) -> tuple[Span | None, Actor | None]:
    """The role's phrase and its dictionary entry (looked up on the words up to its head first)."""
    if head is None:
        return None, None
    span = phrase_span(head)
    if not span.text.strip():
        return None, None
    core = ctx.doc[span.start:head.i + 1].text if span.start <= head.i < span.end else None
    return span, lookup_actor(span.text, ctx.options.actor_files, core=core)


def _protest_actor(actor: Actor | None, event_type: str) -> Actor | None:
    """Whoever protests and is not otherwise known is a protester (ACLED's actor type)."""
    if actor is None or actor.kind not in (None, "civilians") or event_type != "PROTEST":
        return actor
    found = lookup_actor(f"{actor.text} protesters")  # "Iranian" -> Protesters (Iran)
    name = found.name if actor.country else (actor.name if actor.kind is None else "Protesters")
    return actor.model_copy(update={"kind": "protesters", "name": name})


def _paragraph_span(sent: Span, idx: Indexed) -> tuple[int, int]:
    """Character range of the paragraph the sentence starts in."""
    number = bisect_right(idx.paragraph_starts, sent.start_char) - 1
    start = idx.paragraph_starts[number]
    end = idx.paragraph_starts[number + 1] if number + 1 < len(idx.paragraph_starts) else len(idx.text)
    return start, end


def _place(trigger: Trigger, sent: Span, avoid: list[Span], idx: Indexed,
           paragraph: tuple[int, int]) -> Place | None:
    found = linking.pick(trigger.head, sent, idx.places.in_tokens(sent.start, sent.end), avoid)
    if found is not None:
        before = idx.places.in_chars(found.start - 50 - idx.places.longest, found.start + 1)
        found = linking.town_before_region(found, before, idx.text)
        return linking.refine_country(found, sent, paragraph,
                                      idx.places.either((sent.start, sent.end), paragraph))
    in_paragraph = idx.places.in_chars(*paragraph)
    return in_paragraph[0][0] if in_paragraph else idx.focus


def _build(ctx: Context, trigger: Trigger, sent: Span, idx: Indexed, texts: dict[str, str],
           paragraph: tuple[int, int], alone: bool, previous_when: When | None,
           trigger_heads: frozenset[int] = frozenset()) -> Event:
    doc, rule = ctx.doc, trigger.rule
    lex = lexicon()
    actor_head, recipient_head = roles(trigger.head, trigger.start, trigger.end, lex.light_verbs,
                                       lex.not_agentive, trigger_heads)
    actor_span, actor = _actor(actor_head, ctx)
    recipient_span, recipient = _actor(recipient_head, ctx)
    actor = _protest_actor(actor, rule.type)
    avoid = [s for s in (actor_span, recipient_span) if s is not None]
    place = _place(trigger, sent, avoid, idx, paragraph)
    time = linking.pick(trigger.head, sent, idx.times.in_tokens(sent.start, sent.end))
    start_char = doc[trigger.start].idx
    end_char = doc[trigger.end - 1].idx + len(doc[trigger.end - 1].text)
    attribution = idx.contents.innermost(start_char)
    grammatical, cue = grammatical_cue(trigger.head)
    if cue == "to" and rule.type in EXPRESSIVE:
        grammatical = cue = None  # "blocked roads to protest": the blocking is the protest
    recoded = recode(rule.type, grammatical, cue, trigger.head)
    if recoded is not None and recoded.type == "REQUEST":
        speaker = demander(trigger.head)  # who demands; the one who must act is the recipient
        if speaker is not None:
            actor_span, actor, recipient_span, recipient = (*_actor(speaker, ctx), actor_span, actor)
    acled = None
    if rule.acled_event and rule.acled_sub and recoded is None:
        clause = linking.clause_head(trigger.head)
        texts = {**texts, "event": acled_rules.cue_text(idx.words, clause.left_edge.i, clause.right_edge.i + 1)}
        acled = acled_rules.refine(AcledType(event_type=rule.acled_event, sub_event_type=rule.acled_sub),
                                   texts, actor.kind if actor else None,
                                   recipient.kind if recipient else None)
    event_type, mode, cameo = rule.type, rule.mode, rule.cameo
    if recoded is not None:  # the event is the promise / threat / demand / refusal itself
        event_type, mode, cameo, grammatical = recoded.type, recoded.mode, recoded.cameo, None
    return Event(
        id="", type=event_type, mode=mode, acled=acled, cameo=cameo,
        trigger=span_of(idx.text, start_char, end_char),
        sentence=span_of(idx.text, sent.start_char, sent.end_char),
        actor=actor, recipient=recipient,
        place=place.id if place else None,
        location=linking.location_of(place) if place else None,
        when=linking.when_of(time) if time else previous_when,
        quantities=linking.quantities_of(trigger.head, sent, idx.quantities.in_tokens(sent.start, sent.end), alone),
        attribution=attribution.id if attribution else None,
        status=event_status(grammatical, start_char, (sent.start_char, sent.end_char),  # type: ignore[arg-type]
                            ctx.caveats, attribution),
    )


def _background(head: Token, heads: frozenset[int]) -> bool:
    """An event told in a relative clause on another event's participant is backstory
    ("relatives of a girl who was abused marched"): the sentence codes the marching."""
    for ancestor in [head, *head.ancestors]:
        if ancestor.dep_ == "relcl":
            noun = ancestor.head
            while noun.dep_ in NP_LINKS and noun.head.i != noun.i:
                noun = noun.head
            return noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and noun.head.i in heads
    return False


def extract_events(ctx: Context) -> list[Event]:
    """Every event the article reports, in text order, with ids E1, E2, ..."""
    if not ctx.doc.has_annotation("DEP"):
        return []  # roles, status and triggers all read the dependency parse
    lex = lexicon()
    idx = _index(ctx)
    linked: list[acled_rules.Linked] = []
    paragraph_texts: dict[tuple[int, int], str] = {}
    previous: tuple[tuple[int, int] | None, When | None] = (None, None)
    repeats = repeated_paragraphs(idx.text)
    for sent in ctx.doc.sents:
        if any(start <= sent.start_char < end for start, end in repeats):
            continue  # a pull quote: its events are those of the body quote it repeats
        triggers = find_triggers(sent, lex, idx.words)
        if not triggers:
            continue
        paragraph = _paragraph_span(sent, idx)
        if paragraph not in paragraph_texts:
            chars = ctx.doc.char_span(paragraph[0], paragraph[1], alignment_mode="expand")
            paragraph_texts[paragraph] = (acled_rules.cue_text(idx.words, chars.start, chars.end)
                                          if chars is not None else "")
        texts = {"sentence": acled_rules.cue_text(idx.words, sent.start, sent.end),
                 "paragraph": paragraph_texts[paragraph]}
        inherited = previous[1] if previous[0] == paragraph else None
        heads = frozenset(t.head.i for t in triggers)
        for trigger in triggers:
            event = _build(ctx, trigger, sent, idx, texts, paragraph, len(triggers) == 1, inherited, heads)
            linked.append(acled_rules.Linked(event=event, head=trigger.head, paragraph=paragraph,
                                             sentence=sent.start))
            if event.when is not None:
                previous = (paragraph, event.when)
    heads = frozenset(item.head.i for item in linked)
    # ACLED codes what happened, not threats, denials or backstory
    linked = [replace(item, event=item.event.model_copy(update={"acled": None}))
              if item.event.status in UNREAL or _background(item.head, heads) else item
              for item in linked]
    changes = acled_rules.refine_protests(linked)
    events = []
    for n, item in enumerate(linked, 1):
        update: dict[str, object] = {"id": f"E{n}"}
        if n - 1 in changes:
            update["acled"] = changes[n - 1]
        events.append(item.event.model_copy(update=update))
    return events
