"""The learned ranker's weights over a toponym's gazetteer candidates.

`resolve.ArticleContext.features` describes each candidate (population,
feature class, capital, curated, own name or alias, the article's countries
and regions, distance to the article's other confidently placed points, the
rules' own score); a candidate's score is the dot product of that vector with
these weights. They are learned by `make train-places` from the tune part of
GeoWebNews only (train/places.py), which enables them only when,
cross-validated over that part, they place toponyms better than the rules.
Without an enabled model the rules' scores decide.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from newsledger.knowledge import PACKAGE_DIR, enabled_weights

MODEL_FILE = "place_ranker.json"
CLASSES = (
    "continent",
    "country",
    "region",
    "area",
    "water",
    "airport",
    "border_crossing",
    "facility",
    "city",
)
FEATURES = (
    "log_population",
    *(f"class={c}" for c in CLASSES),
    "capital",
    "curated",
    "own_name",
    "article_country",
    "article_region",
    "near_point",
    "nearest_point_km_log",
    "country_of_confident_reading",
    "population_share",
    "top_prior",
    "rules_score",
)


@lru_cache(maxsize=1)
def weights() -> np.ndarray | None:
    """The shipped weights in `FEATURES` order, or None (no file, or not enabled)."""
    table = enabled_weights(PACKAGE_DIR / MODEL_FILE, "place ranker")
    return None if table is None else np.array([table.get(name, 0.0) for name in FEATURES])
