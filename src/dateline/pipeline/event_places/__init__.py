"""Event places: which place is where each event happened, and which are only mentioned.

Reads `record.events` (trigger, sentence, places) and `record.places`; writes
`event.place_roles` (place id, role, the preposition or verb that gave the role).

Why a stage of its own, after events: the event stage links every place phrase near a
trigger, but a sentence names places in different roles. "He flew to Iraq and then to
Russia" names destinations; "airstrikes on the city of Aleppo" happen in Aleppo; "the
Syrian government" or "Moscow said" name no location at all. The role comes from the
dependency path between the trigger and the place name: the preposition (or verb) that
attaches the place to the trigger or to the noun chain that hangs from it. A place of the
sentence that is not attached to the trigger is kept with role "mentioned", so nothing is
lost, but a map or a geocoded timeline should use only location/destination/origin.

Why inheritance: most event clauses name no place of their own; the place is set once and
holds, as time does (the dating stage's `story_time`). An event with no place role of its own
takes, in this order (the first found, its cue naming where it came from):
  clause     the location of the verb its clause hangs on or shares a subject with ("carried
             out the search in the Java Sea", "were shot and killed in Harlem", "began
             searching in ..."): one clause, one scene;
  sentence   the location of its sentence's main clause, for an event in a clause subordinate
             to it (an adverbial or complement clause, not a relative clause, not the content
             of a saying, whose place is the speaker's);
  paragraph  the last location a main-clause event set earlier in its paragraph (a spatial
             frame holds until the text moves it: Chafe's "orientation", Fillmore's scene);
  dateline   in the story's lead, the place of its dateline ("JAKARTA (Reuters) -"), where
             the story was filed.
Only events that can be said to happen somewhere inherit (`resources/event_places/
inherit.yaml`): not a saying, a state or a state of mind; not a future, intended, modal or
negated event; not an event in a quotation from a place outside it, nor the reverse. A
relative clause neither gives nor takes: "the man who was arrested in Texas" says nothing of
where the man died. Every place with a role, inherited or not, is also put in `event.places`
(locations first), which the store, the cross-document merge and the event table read.
"""

from dateline.pipeline.event_places.roles import INHERITED_CUES, ROLES, place_role
from dateline.pipeline.event_places.rules import Dateline, InheritRules, find_dateline, load_rules
from dateline.pipeline.event_places.stage import EventPlaceStage

__all__ = ["INHERITED_CUES", "ROLES", "Dateline", "EventPlaceStage", "InheritRules", "find_dateline", "load_rules",
           "place_role"]
