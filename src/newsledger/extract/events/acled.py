"""ACLED sub-event types refined by context (knowledge/acled_cues.jsonl).

A trigger gives a default ("attack" -> Violence against civilians / Attack);
the weapon named in its sentence, who the actor and target are, and what else
the paragraph reports about a protest refine it ("grenade" -> Grenade,
troops as target -> Armed clash, stones thrown at a march -> Violent demonstration).
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span

from newsledger.extract.events.lexicon import CueRule, cue_rules
from newsledger.models import AcledType


def cue_text(span: Span) -> str:
    """Lemmas and words of a span, space-padded so cues match whole words."""
    lemmas = " ".join(t.lemma_.lower() for t in span if not t.is_punct)
    words = " ".join(t.lower_ for t in span if not t.is_punct)
    return f" {lemmas} | {words} "


def _applies(rule: CueRule, sub: str, texts: dict[str, str],
             actor_kind: Optional[str], recipient_kind: Optional[str]) -> bool:
    if sub not in rule.from_subs:
        return False
    if rule.actor_kinds is not None and actor_kind not in rule.actor_kinds:
        return False
    if rule.recipient_kinds is not None and recipient_kind not in rule.recipient_kinds:
        return False
    text = texts.get(rule.scope, "")
    if rule.cues and not any(cue in text for cue in rule.cues):
        return False
    return not any(cue in text for cue in rule.unless)


def refine(acled: Optional[AcledType], texts: dict[str, str],
           actor_kind: Optional[str], recipient_kind: Optional[str]) -> Optional[AcledType]:
    """The most specific ACLED category the context supports (rules by priority)."""
    if acled is None:
        return None
    for rule in cue_rules():
        if _applies(rule, acled.sub_event_type, texts, actor_kind, recipient_kind):
            return AcledType(event_type=rule.to_event, sub_event_type=rule.to_sub)
    return acled
