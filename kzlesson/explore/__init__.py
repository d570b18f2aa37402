"""The explorer widgets, ``kz.explore``: a day stepper, a perspective explorer, a
judge-first claim checker (:mod:`.checker`) and the graphic organiser (:mod:`.organiser`).

The widgets live in :mod:`.widgets`; :mod:`.results` builds what each shows for one choice as
:mod:`.sections`, and :mod:`.choices` reads a starting choice. ``kz.explore`` is this package,
imported on first use (it loads ipywidgets).
"""

from .checker import ClaimChecker, claim_checker
from .organiser import Organiser, organiser
from .widgets import DayStepper, Explorer, day_stepper, perspectives

__all__ = [
    "ClaimChecker",
    "DayStepper",
    "Explorer",
    "Organiser",
    "claim_checker",
    "day_stepper",
    "organiser",
    "perspectives",
]
