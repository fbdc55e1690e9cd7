"""Great-circle distance: the one haversine and the one Earth radius of the project.

Plain `math` at the ground, beside `limits`: the gazetteer, the ledger,
corroboration and the evals all measure with it, and importing anything under
`newsledger.geo` would load the resolver (NumPy) into every ledger query.
`ledger.queries` writes the same formula as SQL (it runs inside the database)
with this radius.
"""

from __future__ import annotations

import math

EARTH_KM = 6371.0088  # mean Earth radius (IUGG), the one the place ranker was trained with


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
