"""Choose one place per toponym: priors, then the article's own geography.

A candidate's prior rewards population (log scale), the kind of place a bare
name usually means (countries and continents over towns of the same name,
capitals over other towns, but only by their own name: "Philadelphia" is also
an old name of Amman) and a match on the place's own name rather than an
alias. The article then votes: countries named or implied by confidently
resolved toponyms add weight to candidates in those countries, and a region
named alongside a town pulls that town's candidates into it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsledger.geo import ranker
from newsledger.geo.gazetteer import Candidate, Gazetteer
from newsledger.geo.names import name_key
from newsledger.geodesy import distance_km
from newsledger.knowledge import word_list

FEATURE_PRIOR = {
    "continent": 3.5,
    "country": 3.5,
    "region": 0.0,
    "area": 2.0,
    "water": 1.5,
    "airport": 4.0,
    "border_crossing": 4.0,
    "facility": 3.0,
}
CAPITAL_BONUS = 2.0
MAIN_NAME_BONUS = 1.0
CURATED_BONUS = 3.0  # places_extra.jsonl says what a name means
CONTEXT_WEIGHT = 3.0  # for a candidate in a country the article names (saturating)
CONTEXT_SATURATION = 2  # mentions of a country that give the full weight
REGION_WEIGHT = 1.5  # for a town in a first-level region the article names
NEAR_WEIGHT = 1.5  # for a point near another confidently placed point of the article
NEAR_KM = 250.0
POINT_FEATURES = {"city", "airport", "border_crossing", "facility"}
CONFIDENT_MARGIN = 1.5
WEAK_POPULATION = 5000
SHORT_ALIAS = 3  # aliases this short are codes (IATA, postal), not names
CITY_OF_REGION = 100_000  # a town this big known by a region's name is what the name means


@dataclass(frozen=True)
class Query:
    """One toponym to resolve: its surface name and what the text says it is."""

    name: str
    demonym: bool = False  # an adjective like "Iraqi": its country, not a town
    within: str | None = None  # the region or country named right after it ("Town (Province)")
    local: bool = (
        False  # a neighbourhood's name ("the San Martin neighborhood"): near the article's points
    )


def prior(candidate: Candidate) -> float:
    score = math.log10(candidate.population + 10)
    score += FEATURE_PRIOR.get(candidate.feature, 0.0)
    score += CAPITAL_BONUS if candidate.capital and candidate.main else 0.0
    score += CURATED_BONUS if candidate.curated else 0.0
    return score + (MAIN_NAME_BONUS if candidate.main else 0.0)


def candidates_for(gazetteer: Gazetteer, query: Query) -> tuple[Candidate, ...]:
    """Candidates of a name; "X Governorate" etc. fall back to regions named X."""
    if query.demonym:
        adjective = gazetteer.demonym_place(query.name)
        return (adjective,) if adjective else ()
    key = name_key(query.name)
    found = tuple(c for c in gazetteer.lookup(query.name) if not _weak(c, key))
    if found:
        return _prefer_towns(found)
    words = query.name.split()
    if len(words) < 2:
        return ()
    # "North Darfur", "South Venezuela": the larger place
    if name_key(words[0]) in word_list("place_context.jsonl", "region_prefixes"):
        return tuple(c for c in gazetteer.lookup(" ".join(words[1:])) if c.feature != "city")
    suffix, base_name = name_key(words[-1]), " ".join(words[:-1])
    regions = word_list("place_context.jsonl", "region_suffixes")
    towns = word_list("place_context.jsonl", "town_suffixes")
    if suffix in regions or suffix in towns:
        base = tuple(c for c in gazetteer.lookup(base_name) if not _weak(c, name_key(base_name)))
        if suffix in regions:  # "Najaf Governorate": the region, when known
            return tuple(c for c in base if c.feature == "region") or base
        return base  # "Morris County", "U.S. District": whatever the name denotes
    return ()


def _weak(c: Candidate, key: str) -> bool:
    """A small town matched only by one of its many alternate names ("Salah"), or any
    place matched by a short code-like alias ("La" for Los Angeles)."""
    if not c.main and not c.curated and len(key) <= SHORT_ALIAS:
        return True
    return not c.main and c.feature == "city" and c.population < WEAK_POPULATION


def _prefer_towns(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """Drop a region whose main town bears the same name: the town is meant
    ("Tehran", "New York")."""
    towns = {
        (c.country, c.admin1)
        for c in found
        if c.feature == "city" and (c.main or c.population >= CITY_OF_REGION)
    }
    return tuple(c for c in found if c.feature != "region" or (c.country, c.admin1) not in towns)


def _confident(cands: Sequence[Candidate]) -> Candidate | None:
    """The top candidate when it clearly beats every candidate of another country."""
    if not cands:
        return None
    ranked = sorted(cands, key=prior, reverse=True)
    best = ranked[0]
    rival = next((c for c in ranked[1:] if c.country != best.country), None)
    if rival is None or prior(best) - prior(rival) >= CONFIDENT_MARGIN:
        return best
    return None


@dataclass
class ArticleContext:
    """What the other toponyms of the article say (each toponym's own vote left out)."""

    countries: Counter[str]
    regions: Counter[tuple[str, str]]
    anchors: list[tuple[int, float, float]]  # (mention index, lat, lon) of confident points
    _index: tuple[int, list[tuple[float, float, frozenset[int]]]] | None = field(
        default=None, repr=False
    )

    @classmethod
    def of(cls, all_cands: Sequence[Sequence[Candidate]]) -> ArticleContext:
        context = cls(Counter(), Counter(), [])
        for index, cands in enumerate(all_cands):
            best = _confident(cands)
            if best is None or best.country is None:
                continue
            context.countries[best.country] += 1
            if best.feature == "region" and best.admin1:
                context.regions[(best.country, best.admin1)] += 1
            if best.feature in POINT_FEATURES and best.lat is not None and best.lon is not None:
                context.anchors.append((index, best.lat, best.lon))
        return context

    def near(self, index: int, lat: float, lon: float) -> bool:
        """Another mention's confident point lies within NEAR_KM.

        Anchors are grouped by point and sorted by latitude, and only those within
        NEAR_KM of latitude are measured: an article naming the same towns
        thousands of times costs a lookup per mention, not a pass over all of them.
        """
        points = self._points()
        lats = [p[0] for p in points]
        band = NEAR_KM / 111.0
        for k in range(bisect.bisect_left(lats, lat - band), bisect.bisect_right(lats, lat + band)):
            p_lat, p_lon, indices = points[k]
            if (len(indices) > 1 or index not in indices) and distance_km(
                lat, lon, p_lat, p_lon
            ) <= NEAR_KM:
                return True
        return False

    def _points(self) -> list[tuple[float, float, frozenset[int]]]:
        if self._index is None or self._index[0] != len(self.anchors):
            grouped: dict[tuple[float, float], set[int]] = {}
            for i, lat, lon in self.anchors:
                grouped.setdefault((lat, lon), set()).add(i)
            self._index = (
                len(self.anchors),
                sorted((lat, lon, frozenset(ix)) for (lat, lon), ix in grouped.items()),
            )
        return self._index[1]

    def score(self, index: int, c: Candidate, own: Candidate | None) -> float:
        score = prior(c)
        countries = self.countries.copy()
        if own is not None and own.country:
            countries[own.country] -= 1  # a toponym does not vote for itself
        if c.country and countries[c.country] > 0:
            score += CONTEXT_WEIGHT * min(1.0, countries[c.country] / CONTEXT_SATURATION)
        if c.feature == "city" and self.regions[(c.country or "", c.admin1 or "")] > 0:
            score += REGION_WEIGHT
        if c.lat is not None and c.lon is not None and c.feature in POINT_FEATURES:
            near = self.near(index, c.lat, c.lon)
            score += NEAR_WEIGHT if near else 0.0
        return score

    def features(
        self, index: int, c: Candidate, own: Candidate | None, pool: Sequence[Candidate]
    ) -> list[float]:
        """The ranker's view of one candidate (names in `ranker.FEATURES`, same order)."""
        countries = self.countries.copy()
        if own is not None and own.country:
            countries[own.country] -= 1
        mentions = countries[c.country] if c.country else 0
        nearest = (
            min(
                (distance_km(c.lat, c.lon, lat, lon) for i, lat, lon in self.anchors if i != index),
                default=None,
            )
            if c.lat is not None and c.lon is not None
            else None
        )
        top = max(pool, key=prior)
        biggest = max(x.population for x in pool) or 1
        return [
            math.log10(c.population + 10) / 7,
            *(1.0 if c.feature == kind else 0.0 for kind in ranker.CLASSES),
            float(c.capital),
            float(c.curated),
            float(c.main),
            min(1.0, max(0, mentions) / CONTEXT_SATURATION),
            float(c.feature == "city" and self.regions[(c.country or "", c.admin1 or "")] > 0),
            float(nearest is not None and nearest <= NEAR_KM),
            math.log10(1 + nearest) / 4 if nearest is not None else 1.0,
            float(own is not None and own.country == c.country),
            c.population / biggest,
            float(c is top),
            self.score(index, c, own) / 10,
        ]


def resolve(
    gazetteer: Gazetteer,
    queries: Sequence[Query],
    record: list[list[tuple[Candidate, list[float]]]] | None = None,
) -> list[Candidate | None]:
    """The chosen place for each query (None when the gazetteer has no such name).

    With `record`, the rules alone choose, and each query's candidates are
    recorded with the ranker's features (for training it)."""
    all_cands = [_within(gazetteer, q, candidates_for(gazetteer, q)) for q in queries]
    context = ArticleContext.of(all_cands)
    locals_ = frozenset(i for i, q in enumerate(queries) if q.local)
    weights = None if record is not None else ranker.weights()
    chosen = _choose(all_cands, context, locals_, weights)
    # Regions chosen in a first pass ("San Juan province") pull their towns ("San Juan")
    regions = Counter(
        (c.country, c.admin1)
        for c in chosen
        if c is not None and c.feature == "region" and c.country and c.admin1
    )
    if regions.keys() - context.regions.keys():
        context.regions.update(regions)
        chosen = _choose(all_cands, context, locals_, weights)
    if record is not None:
        for index, cands in enumerate(all_cands):
            own, pool = _confident(cands), _pool(index, cands, context, locals_)
            record.append([(c, context.features(index, c, own, pool)) for c in pool])
    return chosen


def _within(
    gazetteer: Gazetteer, query: Query, cands: tuple[Candidate, ...]
) -> tuple[Candidate, ...]:
    """Only the candidates inside the region or country named after the town, when some are:
    "Santa Rosa (La Pampa)" is the Argentine one, whatever its size. An ambiguous region
    name ("San Juan") means its largest region."""
    if not query.within or query.demonym:
        return cands
    areas = [c for c in gazetteer.lookup(query.within) if c.feature in ("region", "country")]
    region = max(
        (c for c in areas if c.feature == "region" and c.admin1 and c.country),
        key=lambda c: c.population,
        default=None,
    )
    if region is not None and region.country and region.admin1:
        inside = tuple(
            c
            for c in gazetteer.lookup_in(query.name, region.country, region.admin1)
            if c.feature != "region" and not _weak(c, name_key(query.name))
        )
        if inside:
            return inside
    countries = {c.country for c in areas if c.feature == "country"}
    return tuple(c for c in cands if c.country in countries) or cands


def _pool(
    index: int, cands: Sequence[Candidate], context: ArticleContext, locals_: frozenset[int]
) -> Sequence[Candidate]:
    """The candidates a toponym may take: for a neighbourhood's name, only namesakes
    near the article's other points."""
    if not locals_ or index not in locals_:
        return cands
    return [
        c
        for c in cands
        if c.lat is not None and c.lon is not None and context.near(index, c.lat, c.lon)
    ]


def _choose(
    all_cands: Sequence[Sequence[Candidate]],
    context: ArticleContext,
    locals_: frozenset[int] = frozenset(),
    weights: np.ndarray | None = None,
) -> list[Candidate | None]:
    chosen: list[Candidate | None] = []
    for index, cands in enumerate(all_cands):
        own = _confident(cands)
        pool = _pool(index, cands, context, locals_)
        if not pool:
            chosen.append(None)
        elif weights is None or len(pool) == 1:
            chosen.append(max(pool, key=lambda c: context.score(index, c, own)))
        else:
            table = np.array([context.features(index, c, own, pool) for c in pool])
            chosen.append(pool[int(np.argmax(table @ weights))])
    return chosen
