"""The explorer widgets, ``kz.explore``: a day stepper, a perspective explorer, a claim checker.

The widgets live in :mod:`.widgets`; :mod:`.results` builds what each shows for one choice as
:mod:`.sections`, and :mod:`.choices` reads a starting choice. ``kz.explore`` is this package,
imported on first use (it loads ipywidgets).
"""

from .widgets import DayStepper, Explorer, claim_checker, day_stepper, perspectives

__all__ = ["DayStepper", "Explorer", "claim_checker", "day_stepper", "perspectives"]
