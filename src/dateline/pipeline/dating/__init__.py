"""Event dates: gives every event its own 'when' (writes event.when).

Why a stage of its own: the time stage says what dates the text names; which event each
date belongs to is a separate decision, made in order of trust. An event gets
  explicit     a date of its own sentence, the one attached to its trigger first;
  anchored     "that same day", "at the same time": the last reference time;
  relative     "hours before his escape", "after two days of clashes": another event's
               date (or an interval bounded by it), with `relation` and `relative_to`;
               a verb coordinated with a dated one ("fled ... and left") shares its date;
  inferred     the present tense ("the army says"): the DCT's day; "will" ahead: not
               before the DCT; a reporting verb in the past ("the ministry said") with no
               date of its own: the DCT's day, the day before allowed (news reports what
               was said for this edition); else the story's chronology: after the dated
               event before it in the paragraph;
  publication  nothing else: only `latest` = the DCT, never `value`;
  unknown      not even a DCT.

Each of these is decided by small named sieves (CAEVO's multi-pass architecture, Chambers
et al. 2014), run in the order of `resources/time/<lang>/sieves.yaml`; each decides only
what it is sure of, and `event.when.sieve` names the one that did.
  stage.py     `DatingStage` and the steps it runs
  order.py     reads and checks sieves.yaml
  context.py   what every sieve reads: record, parse, cues, shared state and helpers
  explicit.py  the explicit-date sieves
  links.py     the link sieves (after a duration, signal, same time, coordinated)
  undated.py   the undated sieves (present, future, reported, chronology, news lead,
               lead bounds, fallback)
"""

from dateline.pipeline.dating.order import sieve_order
from dateline.pipeline.dating.stage import DatingStage

__all__ = ["DatingStage", "sieve_order"]
