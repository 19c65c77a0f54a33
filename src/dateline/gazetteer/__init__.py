"""Gazetteers: which places a name may denote, behind a small protocol.

`Gazetteer` is what the place stage needs; `GeonamesGazetteer` answers from an index
built offline from installed packages; `FakeGazetteer` answers from a few entries so
tests run offline in milliseconds.
"""

from dateline.gazetteer.base import Candidate, Gazetteer, name_key, variant_key
from dateline.gazetteer.fake import FakeGazetteer
from dateline.gazetteer.geonames import GeonamesGazetteer, default_gazetteer

__all__ = [
    "Candidate",
    "FakeGazetteer",
    "Gazetteer",
    "GeonamesGazetteer",
    "default_gazetteer",
    "name_key",
    "variant_key",
]
