"""Places: toponyms found in the text and resolved to gazetteer entries (writes record.places).

The stage (`stage.py`) claims the NER's GPE/LOC/FAC spans the gazetteer knows, and also
names the NER mislabels or misses when a context cue says place ("the city of Daraa",
"the provinces of Aleppo and Idlib", "on the island of Borneo"); it leaves person and
organisation names alone ("Assad", "Reuters", the Kremlin as an actor). Modules, one job
each:

- `names.py`: the shapes of names in text (stripping, splitting, common words);
- `recognise.py`: names in the NER's place tags, and the known name inside a span;
- `untagged.py`: names outside those tags that a context says are places;
- `readings.py`: what a name's context says about its readings (lists, containers,
  counties, features, what is no place);
- `roles.py`: how each mention is used (literal, metonymic, modifier, relative);
- `stage.py`: the stage, which runs them and `gazetteer/resolve.py` and writes the record.
"""

from dateline.pipeline.places.stage import PlaceStage

__all__ = ["PlaceStage"]
