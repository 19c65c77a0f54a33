"""The attribution stage: each event's chain of sources and its certainty (writes
event.attribution and event.certainty).

Modules: `cues` (speech verbs, "according to", citing; the links of a chain), `scope`
(a report sentence's reach over its paragraph), `stage` (chains built sentence by sentence,
certainty decided from the signals).
Direct quotations and their speakers come from `dateline.pipeline.quotes`, shared with the
events, claims and dating stages.
"""

from dateline.pipeline.attribution.stage import AttributionStage, decide_certainty

__all__ = ["AttributionStage", "decide_certainty"]
