"""PLOVER's coding of promises, threats, demands and refusals.

PLOVER codes what an actor says it will do, not the future act: a promised
cooperative act ("will release", "ready to withdraw") is AGREE, a conditional
or announced hostile act ("will boycott", "would impose martial law unless")
is THREATEN, what someone "must" do is REQUEST, and cooperation refused or
failed ("would not meet", "failed to reach agreement") is REJECT.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsledger.extract.events.status import conditional, modality

COOPERATIVE = frozenset({"AGREE", "SUPPORT", "AID", "RETREAT", "CONCEDE", "COOPERATE", "CONSULT"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "REJECT"})
CAMEO = {"AGREE": "03", "REQUEST": "10", "REJECT": "12", "THREATEN": "13"}


@dataclass(frozen=True)
class Recoded:
    type: str
    mode: str | None
    cameo: str | None


def recode(event_type: str, status: str | None, cue: str | None, head: Token) -> Recoded | None:
    """The PLOVER type of the act of promising / threatening / demanding / refusing, if any."""
    if status is None or cue is None:
        return None
    table = modality()
    mode = event_type.lower()
    if status == "negated" and event_type in COOPERATIVE:
        return Recoded("REJECT", mode, CAMEO["REJECT"])
    if status in ("future", "hypothetical") and cue in table.intent:
        if conditional(head) and (event_type in HOSTILE or event_type in COOPERATIVE):
            return Recoded("THREATEN", mode, CAMEO["THREATEN"])
        if event_type in COOPERATIVE and event_type != "AGREE":
            return Recoded("AGREE", mode, CAMEO["AGREE"])
        if event_type in HOSTILE:
            return Recoded("THREATEN", mode, CAMEO["THREATEN"])
    if status == "hypothetical" and cue in table.obligation and event_type not in ("REQUEST",):
        return Recoded("REQUEST", mode, CAMEO["REQUEST"])
    return None
