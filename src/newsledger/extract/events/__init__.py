"""Events: who did what to whom, where and when, coded as PLOVER, ACLED and CAMEO.

One pass over the sentences finds triggers (`triggers`, lexicon in
`knowledge/event_triggers.jsonl`); each becomes an event with its roles from
the parse (`roles`), normalised through the actor dictionary (`extract.actors`),
its status (`status`), the place, time and quantities of the other extractors
(`linking`) and a context-refined ACLED category (`acled`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from newsledger.extract.actors import lookup_actor
from newsledger.extract.context import Context
from newsledger.extract.events import acled as acled_rules
from newsledger.extract.events import linking
from newsledger.extract.events.classifier import (
    KEEP_FLOOR,
    EventModel,
    Setting,
    acled_event_types,
    acled_sub_event,
    event_acled_features,
    features,
    keep,
    not_event_probability,
    sentence_ranks,
    shipped_acled_model,
    shipped_model,
)
from newsledger.extract.events.coding import recode
from newsledger.extract.events.contents import fold
from newsledger.extract.events.lexicon import lexicon
from newsledger.extract.events.nonevents import non_event_reason, soft_non_events
from newsledger.extract.events.records import join_mentions
from newsledger.extract.events.roles import demander, phrase_span, roles
from newsledger.extract.events.status import Contents, event_status, grammatical_cue
from newsledger.extract.events.triggers import Trigger, find_triggers
from newsledger.extract.repeats import repeated_paragraphs
from newsledger.extract.sourcing.attribute import DATELINE
from newsledger.extract.sourcing.quotes import doc_text
from newsledger.models import (
    UNREAL_STATUSES,
    AcledType,
    Actor,
    Attribution,
    Event,
    Place,
    Quantity,
    Time,
    When,
    span_of,
)

__all__ = ["Candidate", "extract_events", "propose"]

UNREAL = frozenset({"negated"})
NP_LINKS = frozenset({"pobj", "prep", "compound", "appos", "conj", "nmod", "poss"})
# Acts done by doing something else: a purpose clause of this type is no mere intention.
EXPRESSIVE = frozenset({"PROTEST", "REQUEST", "ACCUSE", "REJECT", "SUPPORT"})


@dataclass
class Indexed:
    """The other extractors' findings, each tied to its token, built once per article."""

    places: linking.Findings[Place]
    settings: linking.Findings[Place]  # the places that can be an event's setting (_settings)
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
        places=linking.Findings(places := linking.index_findings(doc, ctx.places)),
        settings=linking.Findings(_settings(places, ctx.attributions)),
        times=linking.Findings(linking.index_findings(doc, ctx.times)),
        quantities=linking.Findings(linking.index_findings(doc, ctx.quantities)),
        focus=linking.focus_place(ctx.places),
        paragraph_starts=_paragraph_starts(text),
        text=text,
        words=acled_rules.Words.of(doc),
        contents=Contents(ctx.attributions),
    )


def _in_dateline(token: Token, text: str) -> bool:
    """Inside a wire dateline opening its paragraph ("BAGHDAD, March 3, 2026 (Wire) - ")."""
    start = text.rfind("\n", 0, token.idx) + 1
    found = DATELINE.match(text, start)
    return found is not None and token.idx < found.end()


def _actor(head: Token | None, ctx: Context) -> tuple[Span | None, Actor | None]:
    """The role's phrase and its dictionary entry (looked up on the words up to its head first).
    A wire dateline says where the report was filed: it is never an actor."""
    if head is None or _in_dateline(head, doc_text(ctx.doc)):
        return None, None
    span = phrase_span(head)
    if not span.text.strip():
        return None, None
    core = ctx.doc[span.start : head.i + 1].text if span.start <= head.i < span.end else None
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
    end = (
        idx.paragraph_starts[number + 1]
        if number + 1 < len(idx.paragraph_starts)
        else len(idx.text)
    )
    return start, end


def _place(
    trigger: Trigger, sent: Span, avoid: list[Span], idx: Indexed, paragraph: tuple[int, int]
) -> Place | None:
    found = linking.pick(trigger.head, sent, idx.settings.in_tokens(sent.start, sent.end), avoid)
    if found is not None:
        before = idx.places.in_chars(found.start - 50 - idx.places.longest, found.start + 1)
        found = linking.town_before_region(found, before, idx.text)
        return linking.refine_country(
            found, sent, paragraph, idx.places.either((sent.start, sent.end), paragraph)
        )
    in_paragraph = idx.settings.in_chars(*paragraph)
    return in_paragraph[0][0] if in_paragraph else idx.focus


SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})


def _settings(
    places: list[tuple[Place, Token]], attributions: list[Attribution]
) -> list[tuple[Place, Token]]:
    """The places that can be where an event happened: not a source who comments on it
    ("The US State Department's account noted ..."), nor a country that is itself a
    sentence's subject ("the US is alarmed"), unless that is all the sentence names."""
    speakers = sorted(
        (a.source_span.start, a.source_span.end) for a in attributions if a.source_span
    )
    starts = [start for start, _ in speakers]

    def speaks(place: Place, token: Token) -> bool:
        n = bisect_right(starts, place.start) - 1
        if n >= 0 and place.start < speakers[n][1]:
            return True
        return token.dep_ in SPEAKER_DEPS and token.ent_type_ == "GPE"

    return [(place, token) for place, token in places if not speaks(place, token)]


def _build(
    ctx: Context,
    trigger: Trigger,
    sent: Span,
    idx: Indexed,
    texts: dict[str, str],
    paragraph: tuple[int, int],
    alone: bool,
    previous_when: When | None,
    trigger_heads: frozenset[int] = frozenset(),
) -> Event:
    doc, rule = ctx.doc, trigger.rule
    lex = lexicon()
    actor_head, recipient_head = roles(
        trigger.head, trigger.start, trigger.end, lex.light_verbs, lex.not_agentive, trigger_heads
    )
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
            actor_span, actor, recipient_span, recipient = (
                *_actor(speaker, ctx),
                actor_span,
                actor,
            )
    acled = None
    if rule.acled_event and rule.acled_sub and recoded is None:
        clause = linking.clause_head(trigger.head)
        texts = {
            **texts,
            "event": acled_rules.cue_text(idx.words, clause.left_edge.i, clause.right_edge.i + 1),
        }
        acled = acled_rules.refine(
            AcledType(event_type=rule.acled_event, sub_event_type=rule.acled_sub),
            texts,
            actor.kind if actor else None,
            recipient.kind if recipient else None,
        )
    event_type, mode, cameo = rule.type, rule.mode, rule.cameo
    if recoded is not None:  # the event is the promise / threat / demand / refusal itself
        event_type, mode, cameo, grammatical = recoded.type, recoded.mode, recoded.cameo, None
    return Event(
        id="",
        type=event_type,
        mode=mode,
        acled=acled,
        cameo=cameo,
        trigger=span_of(idx.text, start_char, end_char),
        sentence=span_of(idx.text, sent.start_char, sent.end_char),
        actor=actor,
        recipient=recipient,
        place=place.id if place else None,
        location=linking.location_of(place) if place else None,
        when=_when(time, previous_when),
        quantities=linking.quantities_of(
            trigger.head, sent, idx.quantities.in_tokens(sent.start, sent.end), alone
        ),
        attribution=attribution.id if attribution else None,
        status=event_status(
            grammatical,
            start_char,
            (sent.start_char, sent.end_char),  # type: ignore[arg-type]
            ctx.caveats,
            attribution,
        ),
    )


def _when(time: Time | None, previous: When | None) -> When | None:
    """The event's own time; else, or when that has no value ("a recent law": no day to
    read), the last date of its paragraph."""
    own = linking.when_of(time) if time else None
    if own is not None and own.start is None and previous is not None:
        return previous
    return own or previous


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


@dataclass(frozen=True)
class Candidate:
    """A trigger match with what the model decides on: its features and the rules' reading."""

    item: acled_rules.Linked
    features: list[str]
    rule_type: str
    non_event: str | None  # why the fallback rules say it is no event, else None


def _setting(ctx: Context) -> Setting:
    doc = ctx.doc
    cues: set[int] = set()
    quoted: list[tuple[int, int]] = []
    for attribution in ctx.attributions:
        if attribution.cue is not None:
            span = doc.char_span(
                attribution.cue.start, attribution.cue.end, alignment_mode="expand"
            )
            if span is not None:
                cues.update(range(span.start, span.end))
        if attribution.form in ("direct", "mixed"):
            quoted.append((attribution.content.start, attribution.content.end))
    return Setting(cue_tokens=frozenset(cues), quoted=sorted(quoted))


def propose(ctx: Context) -> list[Candidate]:
    """Every trigger match of the article, built as an event, in text order."""
    if not ctx.doc.has_annotation("DEP"):
        return []  # roles, status and triggers all read the dependency parse
    lex = lexicon()
    idx = _index(ctx)
    setting = _setting(ctx)
    found: list[Candidate] = []
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
            paragraph_texts[paragraph] = (
                acled_rules.cue_text(idx.words, chars.start, chars.end) if chars is not None else ""
            )
        texts = {
            "sentence": acled_rules.cue_text(idx.words, sent.start, sent.end),
            "paragraph": paragraph_texts[paragraph],
        }
        inherited = previous[1] if previous[0] == paragraph else None
        heads = frozenset(t.head.i for t in triggers)
        ranks = sentence_ranks([t.head for t in triggers])
        for trigger, rank in zip(triggers, ranks):
            event = _build(
                ctx, trigger, sent, idx, texts, paragraph, len(triggers) == 1, inherited, heads
            )
            item = acled_rules.Linked(
                event=event,
                head=trigger.head,
                paragraph=paragraph,
                sentence=sent.start,
                rule_key=f"{trigger.rule.type}:{trigger.rule.order}",
            )
            feats = features(
                trigger.head,
                trigger.start,
                trigger.end,
                event.type,
                event.acled.sub_event_type if event.acled else None,
                sent,
                len(triggers),
                setting,
            )
            feats += rank
            if trigger.rule.args:
                feats.append("rule_checks_arguments")  # the lexicon entry needed a matching object
            if trigger.end - trigger.start > 1:
                feats.append("multiword")
            quoted = "quoted" in feats
            reason = non_event_reason(
                trigger.head, event.type, quoted, trigger.head.i in setting.cue_tokens
            )
            found.append(
                Candidate(item=item, features=feats, rule_type=event.type, non_event=reason)
            )
            if event.when is not None and event.when.start is not None:
                previous = (paragraph, event.when)
    return found


def _chosen(option: object, shipped: Callable[[], EventModel | None]) -> EventModel | None:
    """The model an option names: "rules" = none, an EventModel itself, else the shipped one."""
    if option == "rules":
        return None
    return option if isinstance(option, EventModel) else shipped()


def _learned_acled(event: Event, text: str, model: EventModel | None) -> Event:
    """The event with the ACLED sub-event type the learned model reads from its sentence."""
    if event.acled is None or model is None:
        return event
    feats = event_acled_features(event, text)
    sub = acled_sub_event(model, feats, event.acled.sub_event_type)
    kind = acled_event_types().get(sub)
    if sub == event.acled.sub_event_type or kind is None:
        return event
    return event.model_copy(update={"acled": AcledType(event_type=kind, sub_event_type=sub)})


def _decided(candidates: list[Candidate], model: EventModel | None) -> list[acled_rules.Linked]:
    """The candidates that are events (classifier.keep), each with the model's confidence."""
    if model is None:
        return [c.item for c in candidates if c.non_event is None]
    # a trigger that is itself an attribution cue ("rejected", "offered") is left to the model,
    # which reads that (is_cue) beside its words: measured by cross-validation on the PLOVER tune
    # part, dropping them all lost rejections and offers the gold codes
    soft = soft_non_events()
    possible = [c for c in candidates if c.non_event is None or c.non_event in soft]
    by_sentence: dict[int, list[tuple[Candidate, float]]] = {}
    for candidate in possible:
        by_sentence.setdefault(candidate.item.sentence, []).append(
            (candidate, not_event_probability(model, candidate.features))
        )
    kept = []
    for group in by_sentence.values():
        chosen_flags = keep([p for _, p in group], model.threshold)
        kept_types = {c.rule_type for (c, _), chosen in zip(group, chosen_flags) if chosen}
        for (candidate, none), chosen in zip(group, chosen_flags):
            # what was threatened, promised, denied or imagined stays, with its status: the
            # gold sets code only the threat or the promise, so the model never learned these;
            # but not a word the model finds almost surely no event at all (KEEP_FLOOR, the bar
            # a sentence's likeliest candidate must clear: "despite pressure", "the request");
            # a second mention of a kept event's type in its sentence ("attacked ..., killing
            # five") stays too, to be joined to it, so the record keeps what it says
            unreal = candidate.item.event.status in UNREAL_STATUSES and none < KEEP_FLOOR
            if chosen or unreal or candidate.rule_type in kept_types:
                event = candidate.item.event.model_copy(update={"confidence": round(1.0 - none, 3)})
                kept.append(replace(candidate.item, event=event))
    kept.sort(key=lambda item: item.event.trigger.start)
    return kept


def extract_events(ctx: Context) -> list[Event]:
    """Every event the article reports, one record per event, in text order, with ids E1, E2, ..."""
    linked = _decided(propose(ctx), _chosen(ctx.options.event_model, shipped_model))
    # the learned sub-event type reads the sentence; the protest refinement below then reads
    # the paragraph ("police dispersed the march"), which the model does not see
    acled_model = _chosen(ctx.options.acled_model, shipped_acled_model)
    text = doc_text(ctx.doc)
    linked = [replace(item, event=_learned_acled(item.event, text, acled_model)) for item in linked]
    heads = frozenset(item.head.i for item in linked)
    # ACLED codes what happened, not threats, denials or backstory
    linked = [
        replace(item, event=item.event.model_copy(update={"acled": None}))
        if item.event.status in UNREAL or _background(item.head, heads)
        else item
        for item in linked
    ]
    changes = acled_rules.refine_protests(linked)
    events = [
        item.event.model_copy(update={"acled": changes[n]}) if n in changes else item.event
        for n, item in enumerate(linked)
    ]
    # what a threat, demand, promise or refusal is about is no occurrence of its own
    events, left = fold(events, [item.head for item in linked])
    events = [e.model_copy(update={"id": f"E{n}"}) for n, e in enumerate(events, 1)]
    words = [linked[n].rule_key for n in left]
    return join_mentions(events, words) if ctx.options.join_events else events
