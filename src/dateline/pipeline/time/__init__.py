"""The time stage: TIMEX3 expressions found and normalised (writes record.times).

Modules: `grammar` (the rules of `resources/time/en/` compiled into candidates; each rule's
literal first words come from `pipeline.literals`, so a rule whose words are absent is not
scanned), `resolve`
(raw rule values to TIMEX3 values against the DCT and the narrative), `tense` (the clause's
tense and the verbs that look ahead, shared with the dating stage), `stage` (the tagger and
the stage: candidates chosen, resolved in text order).
"""

from dateline.pipeline.time.stage import TimeStage, TimeTagger, parse_dct

__all__ = ["TimeStage", "TimeTagger", "parse_dct"]
