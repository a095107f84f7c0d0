"""casus: conflict news and analyst briefs in, traceable CAMEO/PLOVER event data out.

The public API::

    from casus import Coder
    coder = Coder()
    for ev in coder.code_text(text, date="2018-04-16"):
        print(ev.cameo_code, ev.source, ev.target)
"""

from casus.api import code_inputs, evaluate_file
from casus.coding.coder import Coder
from casus.errors import CasusError, DataError, InputError, ModelNotFoundError
from casus.models import Actor, Document, EventMention, Evidence, Location
from casus.settings import SETTINGS, Settings

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "CasusError",
    "Coder",
    "DataError",
    "Document",
    "EventMention",
    "Evidence",
    "InputError",
    "Location",
    "ModelNotFoundError",
    "SETTINGS",
    "Settings",
    "__version__",
    "code_inputs",
    "evaluate_file",
]
