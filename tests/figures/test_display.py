"""kz.show: the figure HTML (image, non-empty alt text, visible description), a text/plain
description, nothing returned, pyplot figures closed, and feedback instead of a traceback."""

from __future__ import annotations

import base64
import struct
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import kzlesson as kz  # noqa: E402
from kzlesson.figures import charts as plots  # noqa: E402
from kzlesson.figures import display  # noqa: E402


class _FigureParser(HTMLParser):
    """Collect the tags, attributes and caption text of a kz-figure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.caption = ""
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_caption = self._in_caption or tag == "figcaption"

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.caption += data


def _parse(markup: str) -> _FigureParser:
    parser = _FigureParser()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    """An IPython shell, so display() publishes rich outputs that can be captured."""
    return InteractiveShell.instance()


@pytest.fixture(scope="module")
def figure() -> Figure:
    return plots.lpg_prices()


def _shown(shell: InteractiveShell, thing: object) -> tuple[object, list[dict[str, str]]]:
    with capture_output() as captured:
        result = kz.show(thing)
    return result, [output.data for output in captured.outputs]


def test_show_emits_figure_html_and_text_description(shell, figure) -> None:
    result, outputs = _shown(shell, figure)
    assert result is None
    assert len(outputs) == 1
    data = outputs[0]
    assert data["text/plain"] == plots.description(figure)
    parsed = _parse(data["text/html"])
    assert [tag for tag, _ in parsed.tags] == ["figure", "img", "figcaption"]
    assert parsed.tags[0][1]["class"] == "kz-figure"
    img = parsed.tags[1][1]
    assert img["alt"].strip() and img["alt"] == plots.alt_text(figure)
    assert img["src"].startswith("data:image/png;base64,")
    assert parsed.caption == "Description: " + plots.description(figure)


def test_png_is_a_light_100_dpi_image(figure) -> None:
    png = display.figure_png(figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    inches = figure.get_size_inches()
    assert (width, height) == (round(inches[0] * 100), round(inches[1] * 100))
    assert len(png) < 250_000
    html = display.figure_html(figure)
    assert base64.b64encode(png).decode() in html


def test_alt_and_caption_are_escaped(shell) -> None:
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    plots.describe(fig, 'Chart of <b>"quoted"</b> & more', "Main point: 1 < 2.")
    _, outputs = _shown(shell, fig)
    markup = outputs[0]["text/html"]
    assert "<b>" not in markup and "&lt;b&gt;" in markup and "&quot;quoted&quot;" in markup
    parsed = _parse(markup)
    assert parsed.tags[1][1]["alt"] == 'Chart of <b>"quoted"</b> & more'
    assert parsed.caption.endswith("Main point: 1 < 2.")


def test_pyplot_figure_is_closed_after_show(shell) -> None:
    fig = plt.figure()
    fig.add_subplot().plot([1, 2, 3])
    plots.describe(fig, "Line chart of three points.", "Main point: it rises from 1 to 3.")
    number = fig.number
    _, outputs = _shown(shell, fig)
    assert outputs[0]["text/plain"].endswith("rises from 1 to 3.")
    assert not plt.fignum_exists(number)


def test_figure_without_description_is_shown_with_a_how_to(shell) -> None:
    fig = Figure()
    fig.add_subplot().plot([1, 2])
    _, outputs = _shown(shell, fig)
    parsed = _parse(outputs[0]["text/html"])
    assert parsed.tags[1][1]["alt"].strip()
    assert "kz.plots.describe" in parsed.caption
    assert "no description" in outputs[0]["text/plain"]


def test_forgotten_brackets_get_feedback_not_a_traceback(shell) -> None:
    result, outputs = _shown(shell, kz.plots.timeline)
    assert result is None
    text = outputs[0]["text/plain"]
    assert text.startswith("✗") and "kz.show(kz.plots.timeline())" in text
    _, outputs = _shown(shell, "timeline")
    assert "needs a figure" in outputs[0]["text/plain"] and "str" in outputs[0]["text/plain"]


def test_a_bare_plots_figure_displays_like_show(shell, figure) -> None:
    from IPython.display import display as ipy_display

    with capture_output() as captured:
        ipy_display(figure)
    data = captured.outputs[0].data
    assert data["text/plain"] == plots.description(figure)
    assert 'class="kz-figure"' in data["text/html"]
