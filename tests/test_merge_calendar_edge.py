"""A date at the calendar's edge must never poison a store (issue 22).

One article published 9999-12-31 once made every later merge raise (`year 10000 is out of
range`: a guessed date widened by a week past `date.max`), so no ingest into that store ever
worked again. The merge saturates at the calendar's ends (`corpus/days.py`).
"""

from __future__ import annotations

from dateline.corpus.coref import MentionFeatures, cluster
from dateline.corpus.days import LAST_DAY, day_of, widen


def test_widening_a_date_at_the_calendars_end_saturates() -> None:
    assert widen((LAST_DAY - 1, LAST_DAY), 7) == (LAST_DAY - 8, LAST_DAY)
    assert day_of(LAST_DAY + 30).isoformat() == "9999-12-31"
    assert day_of(-5).isoformat() == "0001-01-01"


def test_a_guessed_date_on_the_last_day_there_is_merges_without_error() -> None:
    """A date guessed from tense on 9999-12-31 is widened by a week: past `date.max`."""
    edge = [MentionFeatures(key=f"{d}#1", doc=d, type="ASSAULT", trigger="attacked", interval=(LAST_DAY, LAST_DAY),
                            actors=frozenset({"GROUP|rebels"}), date_value="9999-12-31", date_explicit=False,
                            basis="inferred") for d in ("a", "b")]
    merged = cluster(edge)
    assert merged["a#1"] == merged["b#1"]
