"""Small notebooks the browser tests write themselves, to check the harness can pass and fail."""

from __future__ import annotations

from pathlib import Path

import nbformat

FIGURE_CELL = """\
import base64, io
from IPython.display import HTML, display
from matplotlib.figure import Figure
fig = Figure(figsize=(2, 1))
fig.add_subplot().plot([1, 2])
buf = io.BytesIO()
fig.savefig(buf, format="png")
data = base64.b64encode(buf.getvalue()).decode()
display(HTML(f'<figure class="kz-figure"><img alt="A rising line" '
             f'src="data:image/png;base64,{data}"><figcaption>One line going up.</figcaption>'
             '</figure>'))
"""

WIDGET_CELL = """\
import ipywidgets as w
feedback = w.Label(value="")
feedback.add_class("kz-feedback")
choice = w.RadioButtons(options=["Aktau", "Almaty"], value=None, description="Where?")
button = w.Button(description="Check")
button.add_class("kz-check")
def check(_):
    feedback.value = "✓ Right" if choice.value == "Almaty" else "✗ Not quite"
button.on_click(check)
box = w.VBox([choice, button, feedback])
box.add_class("kz-quiz")
box
"""


def write_notebook(folder: Path, name: str, *cells: str) -> str:
    """Write a notebook (a heading, then one code cell per source) and return its name."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, folder / name)
    return name
