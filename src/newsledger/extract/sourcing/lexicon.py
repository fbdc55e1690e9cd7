"""The sourcing knowledge files, read once: cue verbs, cue phrases, source nouns.

`cues.jsonl` holds reporting verbs with `p`, the share of their uses that are
attribution cues in the PolNeAR train split (a fact about the words, no text),
plus hand-listed verbs and phrases ("according to", "the video shows").
`source_nouns.jsonl` maps nouns to a source kind ("eyewitness" -> people).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsledger.knowledge import load_records

STRONG = 0.45  # at or above: a cue wherever it occurs as a verb
WEAK = 0.25  # at or above: a cue only with a clause or quote as its content


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, float]  # lemma -> strength
    nouns: frozenset[str]  # cue nouns: "statement", "comment", "tweet"
    phrases: tuple[tuple[str, str], ...]  # (lower-case phrase, form)
    source_kinds: dict[str, str]  # noun lemma -> source kind
    vague: frozenset[str]  # determiners that make a source vague: "some", "other"
    anonymity: tuple[str, ...]  # regex patterns for reasons of anonymity
    outlet_words: frozenset[str]  # "Times", "Reuters": a named organisation that is a news outlet
    channels: frozenset[str] = (
        frozenset()
    )  # "said in a statement": nouns whose "in" phrase joins the cue


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    verbs: dict[str, float] = {}
    nouns: set[str] = set()
    phrases: list[tuple[str, str]] = []
    channels: set[str] = set()
    for r in load_records("cues.jsonl"):
        if "channel" in r:
            channels.add(r["channel"])
        elif "lemma" in r and r.get("pos", "VERB") == "VERB":
            verbs[r["lemma"]] = max(verbs.get(r["lemma"], 0.0), float(r.get("p", 1.0)))
        elif "lemma" in r:
            nouns.add(r["lemma"])
        elif "phrase" in r:
            phrases.append((r["phrase"].lower(), r.get("form", "other")))
    kinds: dict[str, str] = {}
    vague: set[str] = set()
    anonymity: list[str] = []
    outlets: set[str] = set()
    for r in load_records("source_nouns.jsonl"):
        if "lemma" in r:
            kinds[r["lemma"]] = r["kind"]
        elif "vague" in r:
            vague.add(r["vague"])
        elif "anonymity" in r:
            anonymity.append(r["anonymity"])
        elif "outlet_word" in r:
            outlets.add(r["outlet_word"])
    return Lexicon(
        verbs,
        frozenset(nouns),
        tuple(phrases),
        kinds,
        frozenset(vague),
        tuple(anonymity),
        frozenset(outlets),
        frozenset(channels),
    )
