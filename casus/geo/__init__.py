"""Where it happened: the offline gazetteer and the location of each event.

``load_gazetteer()`` gives the name index (cached on disk); ``Locator`` finds the places a
sentence names, keeps those that are locations (not capitals standing for governments) and
ties one to the event's trigger, falling back to the document's dateline.
"""

from casus.geo.gazetteer import PRECISION, Gazetteer, Place, load_gazetteer, place_key

__all__ = ["PRECISION", "Gazetteer", "Place", "load_gazetteer", "place_key"]
