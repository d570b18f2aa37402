"""Show a figure with its alt text and visible description: ``kz.show(fig)``.

The figure is rendered once to PNG (100 dpi) and displayed as::

    <figure class="kz-figure">
      <img src="data:image/png;base64,..." alt="SHORT ALT TEXT">
      <figcaption>Description: FULL DESCRIPTION</figcaption>
    </figure>

with a ``text/plain`` alternative equal to the description, so a screen reader, an
nbconvert text export and nbval all get words. ``show`` returns ``None`` (nothing else is
displayed) and closes the figure if pyplot manages it, so the inline backend does not draw
it a second time. A student who passes something that is not a figure gets a sentence of
feedback, not a traceback.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from matplotlib.figure import Figure

PNG_DPI = 100
NO_DESCRIPTION = (
    "This figure has no description yet. Add one with "
    "kz.plots.describe(fig, 'Bar chart of ...', 'Main point: ...')."
)


def figure_png(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    """Render a figure to PNG bytes (white background, ``dpi`` dots per inch)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _texts(fig: Figure) -> tuple[str, str]:
    """(short alt text, full description) of a figure; a notice when it has none."""
    full = " ".join(str(getattr(fig, "description", "") or "").split())
    alt = " ".join(str(getattr(fig, "alt", "") or "").split()) or full
    if not full:
        return "Figure without a text description.", NO_DESCRIPTION
    return alt, full


def figure_html(fig: Figure, dpi: int = PNG_DPI) -> str:
    """The ``<figure class="kz-figure">`` HTML: the PNG with alt text and a caption."""
    alt, full = _texts(fig)
    data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
    return (
        '<figure class="kz-figure" style="margin:0.5em 0">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
        f"<figcaption>Description: {html.escape(full)}</figcaption>"
        "</figure>"
    )


def figure_bundle(fig: Figure, dpi: int = PNG_DPI) -> dict[str, str]:
    """The MIME bundle ``show`` displays: ``text/html`` and ``text/plain`` (the description)."""
    _alt, full = _texts(fig)
    return {"text/html": figure_html(fig, dpi), "text/plain": full}


def _feedback(thing: Any) -> dict[str, str]:
    """A short message (HTML and text) for a call with something that is not a figure."""
    if callable(thing) and getattr(thing, "__module__", "").startswith("kzlesson.figures"):
        name = getattr(thing, "__name__", "the function")
        text = (
            f"kz.show needs a figure, and {name} is the function that makes one: "
            f"add brackets to call it, e.g. kz.show(kz.plots.{name}())."
        )
    else:
        text = (
            f"kz.show needs a figure (for example kz.show(kz.plots.timeline())), "
            f"not {type(thing).__name__}."
        )
    return {
        "text/html": f'<p class="kz-feedback">✗ {html.escape(text)}</p>',
        "text/plain": f"✗ {text}",
    }


def show(fig: Figure) -> None:
    """Display a figure with its alt text and description; return None.

    Use it for every figure in the lesson: ``kz.show(kz.plots.timeline())``. A figure with
    no description is still shown, with a caption saying how to add one.
    """
    from IPython.display import display

    if not isinstance(fig, Figure):
        display(_feedback(fig), raw=True)
        return None
    display(figure_bundle(fig), raw=True)
    if getattr(fig.canvas, "manager", None) is not None:  # made with pyplot: close it
        import matplotlib.pyplot as plt

        plt.close(fig)
    return None
