"""Choose one place per toponym: priors, then the article's own geography.

A candidate's prior rewards population (log scale), the kind of place a bare
name usually means (countries and continents over towns of the same name,
capitals over other towns) and a match on the place's own name rather than an
alias. The article then votes: countries named or implied by confidently
resolved toponyms add weight to candidates in those countries, and a region
named alongside a town pulls that town's candidates into it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from newsledger.geo.gazetteer import Candidate, Gazetteer
from newsledger.geo.names import name_key

FEATURE_PRIOR = {"continent": 3.5, "country": 3.5, "region": 0.0, "area": 2.0, "water": 1.5,
                 "airport": 4.0, "border_crossing": 4.0, "facility": 3.0}
CAPITAL_BONUS = 2.0
MAIN_NAME_BONUS = 1.0
CONTEXT_WEIGHT = 2.5  # for a candidate in the article's dominant country
REGION_WEIGHT = 1.5  # for a town in a first-level region the article names
CONFIDENT_MARGIN = 1.5
# "X Province" names the first-level region X; "X County" or "X City" a place named X.
REGION_SUFFIXES = ("governorate", "province", "state", "region", "oblast", "prefecture",
                   "department", "governorate of")
TOWN_SUFFIXES = ("county", "district", "city", "town", "municipality", "township", "village")


@dataclass(frozen=True)
class Query:
    """One toponym to resolve: its surface name and what the text says it is."""

    name: str
    demonym: bool = False  # an adjective like "Iraqi": its country, not a town


def prior(candidate: Candidate) -> float:
    score = math.log10(candidate.population + 10)
    score += FEATURE_PRIOR.get(candidate.feature, 0.0)
    score += CAPITAL_BONUS if candidate.capital else 0.0
    return score + (MAIN_NAME_BONUS if candidate.main else 0.0)


def candidates_for(gazetteer: Gazetteer, query: Query) -> tuple[Candidate, ...]:
    """Candidates of a name; "X Governorate" etc. fall back to regions named X."""
    if query.demonym:
        found = gazetteer.demonym_place(query.name)
        return (found,) if found else ()
    found = gazetteer.lookup(query.name)
    if found:
        return _prefer_towns(found)
    key = name_key(query.name)
    for suffix in REGION_SUFFIXES + TOWN_SUFFIXES:
        if key.endswith(" " + suffix):
            base = gazetteer.lookup(key.removesuffix(" " + suffix))
            wanted = "region" if suffix in REGION_SUFFIXES else "city"
            return tuple(c for c in base if c.feature == wanted) or base
    return ()


def _prefer_towns(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Drop a region whose own main town bears the same name: the town is meant."""
    towns = {(c.country, c.admin1) for c in found if c.feature == "city" and c.main}
    return tuple(c for c in found if c.feature != "region" or (c.country, c.admin1) not in towns)


def _confident(cands: Sequence[Candidate]) -> Optional[Candidate]:
    """The top candidate when it clearly beats every candidate of another country."""
    if not cands:
        return None
    ranked = sorted(cands, key=prior, reverse=True)
    best = ranked[0]
    rival = next((c for c in ranked[1:] if c.country != best.country), None)
    if rival is None or prior(best) - prior(rival) >= CONFIDENT_MARGIN:
        return best
    return None


def _context(all_cands: Sequence[Sequence[Candidate]]) -> tuple[Counter[str], set[tuple[str, str]]]:
    countries: Counter[str] = Counter()
    regions: set[tuple[str, str]] = set()
    for cands in all_cands:
        best = _confident(cands)
        if best is None or best.country is None:
            continue
        countries[best.country] += 1
        if best.feature == "region" and best.admin1:
            regions.add((best.country, best.admin1))
    return countries, regions


def _score(c: Candidate, countries: Counter[str], regions: set[tuple[str, str]]) -> float:
    score = prior(c)
    total = sum(countries.values())
    if c.country and total:
        score += CONTEXT_WEIGHT * countries[c.country] / total
    if c.feature == "city" and (c.country or "", c.admin1 or "") in regions:
        score += REGION_WEIGHT
    return score


def resolve(gazetteer: Gazetteer, queries: Sequence[Query]) -> list[Optional[Candidate]]:
    """The chosen place for each query (None when the gazetteer has no such name)."""
    all_cands = [candidates_for(gazetteer, q) for q in queries]
    countries, regions = _context(all_cands)
    return [max(cands, key=lambda c: _score(c, countries, regions)) if cands else None
            for cands in all_cands]
