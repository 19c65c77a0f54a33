"""The attribution stage: each event's chain of sources and its certainty (writes
event.attribution and event.certainty).

Modules: `cues` (speech verbs, "according to", citing; the links of a chain), `quotes`
(direct quotations and their speakers), `scope` (a report sentence's reach over its
paragraph), `stage` (chains built sentence by sentence, certainty decided from the signals).
"""

from dateline.pipeline.attribution.stage import AttributionStage, decide_certainty

__all__ = ["AttributionStage", "decide_certainty"]
