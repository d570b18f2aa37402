"""The lesson's house style and the small script that makes its widgets accessible.

Every quiz and explorer is displayed as two outputs (see :func:`display_live`):

1. a static HTML note, ``kz-reopen``, carrying the stylesheet, the accessibility script and a
   line that says "run this cell again"; and
2. the live widget, whose root has the class ``kz-live``.

A CSS ``:has()`` rule (never nested: that is invalid CSS) hides the note while the live widget
renders in the same output area. When a saved notebook is reopened without its kernel,
JupyterLab cannot find the widget's model and would show "Error displaying widget: model not
found": the same rule hides that error and the note stays, so the student reads what to do
instead. This needs no per-user setting, so it works the same in JupyterLab, Notebook 7, Voila,
a school JupyterHub and Binder.

Voila shows no code and no cells to edit: a notebook's markdown wraps what only applies in
JupyterLab (press Shift+Enter, change this cell, call ``kz.glossary``) in
``<div class="kz-lab-only">``, and the stylesheet hides it on Voila pages (``body[data-voila]``).

The script (run once per page, guarded by ``window.__kzA11y``) adds what plain ipywidgets lack:
``aria-pressed`` on toggle buttons, distinct accessible names for classify buttons (statement +
label), an accessible name for radio groups and toggle groups, a polite live region around
feedback, and it keeps arrow keys on a radio button or dropdown inside the lesson's widgets from
reaching JupyterLab's command-mode shortcuts (which would move to the next cell).
"""

from __future__ import annotations

import html
from typing import Any

LIVE_CLASS = "kz-live"  # on the root of every quiz and explorer widget
NOTE_METADATA = "reopen-note"  # output metadata {"kzlesson": ...} of the static note

# ipywidgets puts a radio button AFTER its text and floats it left, so an option longer than one
# line showed its first line with no button beside it: the label is a reversed flex row instead.
# One stylesheet for quiz, feedback, explorer and table output. Text 16 px at line height 1.5;
# controls keep a comfortable 32 px height; nothing wider than its cell.
CSS = """
.kz-live{--jp-widgets-font-size:16px;--jp-widgets-inline-height:32px;
 --jp-widgets-inline-label-width:auto;font-size:16px;line-height:1.5;max-width:100%;
 box-sizing:border-box;overflow-x:hidden}
.kz-live .widget-html-content,.kz-live .widget-label,.kz-live .widget-label-basic,
.kz-live .widget-checkbox label{font-size:16px;line-height:1.5;white-space:normal}
.kz-live .widget-html,.kz-live .widget-html-content{height:auto}
.kz-live .widget-inline-hbox,.kz-live .widget-inline-vbox{max-width:100%;flex-wrap:wrap}
.kz-live .widget-radio-box label,.kz-live .widget-checkbox label{line-height:1.5;
 padding:2px 0;font-size:16px;height:auto;min-height:28px;align-items:flex-start;
 white-space:normal}
.kz-live .widget-radio-box input,.kz-live .widget-checkbox input{flex-shrink:0;
 margin-top:5px}
.kz-live .widget-radio-box label{display:flex;flex-direction:row-reverse;
 justify-content:flex-end;column-gap:2px}
.kz-live .widget-radio-box input{float:none}
.kz-live .widget-checkbox{height:auto}
.kz-live .widget-dropdown select{font-size:16px;max-width:100%;text-overflow:ellipsis}
.kz-live .widget-dropdown{height:auto;max-width:100%;flex-wrap:wrap}
.kz-live .widget-toggle-buttons{flex-wrap:wrap;height:auto}
.kz-live .widget-toggle-button{font-size:16px;margin:2px 6px 2px 0;height:auto;
 min-height:32px;white-space:normal}
.kz-live .widget-toggle-button.mod-active{font-weight:bold;
 box-shadow:inset 0 0 0 2px currentColor}
.kz-live .widget-toggle-button.mod-active::before{content:"\\2713  "}
.kz-live .kz-item{margin-top:0.8em}
.kz-live .kz-qid{font-size:0.9em}
.kz-live .widget-button{font-size:16px;height:auto;min-height:32px}
.kz-live .kz-check,.kz-live .kz-submit,.kz-live .kz-retry{margin-top:12px}
.kz-live .kz-retry{background:#fff;border:1px solid #555;color:#222}
.kz-live .kz-feedback{margin-top:6px}
.kz-live .kz-attempts{margin:12px 0 0 12px;align-self:center}
.jp-OutputArea-output pre{word-break:normal;overflow-wrap:break-word;white-space:pre-wrap}
.kz-live :focus-visible,.kz-live :focus{outline:3px solid #1a4f9c !important;
 outline-offset:2px}
.kz-live .widget-radio-box input:focus-visible{outline:3px solid #1a4f9c}
.kz-live table{border-collapse:collapse;max-width:100%}
.kz-live td,.kz-live th{text-align:left;vertical-align:top;padding:4px 8px}
.kz-live a{text-decoration:underline}
.jp-RenderedHTMLCommon table.dataframe td,.jp-RenderedHTMLCommon table.dataframe th{
 text-align:left;vertical-align:top;white-space:normal;overflow-wrap:break-word;
 word-break:normal;hyphens:none}
.jp-OutputArea:has(.kz-live) .kz-stale-note{display:none}
.jp-OutputArea:has(.kz-stale-note) .jupyter-widgets.jp-OutputArea-output:not(:has(*)){
 display:none}
.kz-stale-note{border-left:4px solid #1a4f9c;padding:6px 12px;font-size:16px;line-height:1.5}
.kz-live details.kz-fold{margin:6px 0;border-left:3px solid #767676;padding-left:10px}
.kz-live details.kz-fold>summary{cursor:pointer;font-weight:bold;padding:4px 0}
.kz-live details.kz-fold>summary::after{content:" (open to read)";font-weight:normal}
.kz-live details.kz-fold[open]>summary::after{content:""}
.kz-live .kz-explorer-map figure{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:flex-start}
.kz-live .kz-explorer-map img{max-width:min(100%,520px) !important;height:auto}
.kz-live .kz-explorer-map figcaption{flex:1 1 300px}
.kz-live .kz-explorer-output .kz-table td:nth-child(3){min-width:22em}
.kz-live .kz-explorer-output p{margin:4px 0}
.kz-live .kz-explorer-output li{margin-bottom:6px}
body[data-voila] .kz-lab-only,body[data-voila] li:has(> .kz-lab-only:only-child){display:none}
"""

# The accessibility script. It only adds attributes and one keydown guard; it never changes
# what a widget does.
SCRIPT = r"""
(function () {
  if (window.__kzA11y) { window.__kzA11y(); return; }
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  function label(root) {
    root.querySelectorAll('.kz-feedback').forEach((el) => {
      el.setAttribute('aria-live', 'polite'); el.setAttribute('role', 'status');
    });
    root.querySelectorAll('.widget-radio').forEach((el) => {
      const box = el.querySelector('.widget-radio-box');
      if (box) {
        box.setAttribute('role', 'radiogroup');
        box.setAttribute('aria-label', text(el.querySelector('.widget-label')) || 'Choose one');
      }
    });
    root.querySelectorAll('.widget-toggle-buttons').forEach((el) => {
      const item = el.previousElementSibling;
      const statement = item && item.classList.contains('kz-item') ? text(item) : '';
      const name = text(el.querySelector('.widget-label'));
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', statement || name || 'Choose one');
      el.querySelectorAll('.widget-toggle-button').forEach((b) => {
        b.setAttribute('aria-pressed', b.classList.contains('mod-active') ? 'true' : 'false');
        if (statement) b.setAttribute('aria-label', statement + ': ' + text(b));
      });
    });
    root.querySelectorAll('.widget-dropdown').forEach((el) => {
      const select = el.querySelector('select');
      if (select && !select.getAttribute('aria-label')) {
        select.setAttribute('aria-label', text(el.querySelector('.widget-label')) || 'Choose');
      }
    });
  }
  let queued = false;
  function all() {
    queued = false;
    document.querySelectorAll('.kz-live').forEach(label);
  }
  function soon() { if (!queued) { queued = true; requestAnimationFrame(all); } }
  new MutationObserver(soon).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['class'],
  });
  const ARROWS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];
  document.addEventListener('keydown', (event) => {
    const t = event.target;
    if (!ARROWS.includes(event.key) || !t || !t.closest || !t.closest('.kz-live')) return;
    if (t.matches('input[type=radio], select')) event.stopPropagation();
  }, true);
  window.__kzA11y = all;
  all();
})();
"""

STALE_NOTE = (
    "This part of the lesson (a quiz or an explorer) needs Python running. "
    "Run this cell again (click it, then press Shift+Enter) to see it."
)


def static_html(what: str = "") -> str:
    """The ``kz-reopen`` note: stylesheet, accessibility script and the "run again" line."""
    line = STALE_NOTE if not what else STALE_NOTE.replace("(a quiz or an explorer)", f"({what})")
    return (
        f'<div class="kz-reopen"><style>{CSS}</style><script>{SCRIPT}</script>'
        f'<p class="kz-stale-note">{html.escape(line)}</p></div>'
    )


def display_live(widget: Any, what: str = "") -> None:
    """Display the static note, then ``widget`` (its own mime bundle, text fallbacks included).

    Called from the ``_ipython_display_`` of quiz and explorer boxes, so a cell ending in
    ``kz.ask(...)`` shows both outputs.
    """
    from IPython.display import HTML, display

    widget.add_class(LIVE_CLASS)
    # The metadata lets printable editions (kzlesson.teacher.handouts) drop the note and its script.
    display(HTML(static_html(what)), metadata={"kzlesson": NOTE_METADATA})
    display(widget._repr_mimebundle_(), raw=True)
