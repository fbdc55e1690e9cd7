"""The built-in extractors, registered with what each reads and adds.

The run order (`registry.ordered`) follows from ``reads``; the registration order
below only breaks ties, and is the order the analysis format lists findings in.
"""

from __future__ import annotations

from newsledger.extract.caveats import extract_caveats
from newsledger.extract.entities import extract_entities
from newsledger.extract.events import extract_events
from newsledger.extract.places import extract_places
from newsledger.extract.quantities import extract_quantities
from newsledger.extract.registry import Extractor, register
from newsledger.extract.sourcing import extract_sourcing
from newsledger.extract.times import extract_times

register(Extractor("entities", extract_entities, adds=("entities",)))
register(Extractor("times", extract_times, adds=("times",)))
register(Extractor("places", extract_places, adds=("places",)))
register(Extractor("quantities", extract_quantities, reads=("times",), adds=("quantities",)))
register(Extractor("sourcing", extract_sourcing, adds=("sources", "attributions")))
register(Extractor("caveats", extract_caveats, reads=("attributions",), adds=("caveats",)))
register(
    Extractor(
        "events",
        extract_events,
        reads=("times", "places", "quantities", "attributions", "caveats"),
        adds=("events",),
    )
)
