"""The web benchmark's generated articles obey the analysis format's span invariant."""

from __future__ import annotations

import random

from newsledger.bench.web import Result, analyses, endpoints
from newsledger.models import Analysis, Caveat, Place, Quantity, Time


def test_generated_spans_point_into_the_text() -> None:
    items = list(analyses(30))
    assert len({a.article.id for a in items}) == 30
    for a in items:
        text = a.article.text
        Analysis.model_validate(a.to_dict())
        spans = (
            [e.sentence for e in a.events]
            + [e.trigger for e in a.events]
            + [x.content for x in a.attributions]
        )
        spans += [m for s in a.sources for m in s.mentions]
        assert all(text[s.start : s.end] == s.text for s in spans)
        marked: list[Place | Time | Quantity | Caveat] = [
            *a.places,
            *a.times,
            *a.quantities,
            *a.caveats,
        ]
        assert all(text[x.start : x.end] == x.text for x in marked)


def test_endpoints_and_percentiles() -> None:
    urls = endpoints(["abc"], 5, random.Random(1))
    assert {"events table", "events filtered", "article view"} <= set(urls)
    assert urls["article view"] == ["/articles/abc"] * 5
    r = Result("x", [float(v) for v in range(1, 101)], 0, 1.0)
    assert r.percentile(50) == 51.0 and r.percentile(99) == 99.0
