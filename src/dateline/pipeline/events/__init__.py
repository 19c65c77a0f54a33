"""The events stage: every event mention of the text (TimeML's sense) with its class, and the
PLOVER / news-kind coding on top of the mentions its lexicon knows.

Modules: `lexicon` (the trigger table and word classes), `match` (coded triggers and their
argument phrases from the parse), `args` (argument finding shared with attribution),
`features` and `detect` (the trained TimeML event detector), `stage` (both layers into
`record.events`).
"""

from dateline.pipeline.events.stage import EventStage

__all__ = ["EventStage"]
