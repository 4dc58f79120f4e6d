"""Bar charts as inline SVG, drawn by irlint: the page needs no script to show them and no style beyond its own
hashed stylesheet (the colours are classes of it). Every bar carries its value (``data-value``) and says it in a
<title>, so that a reader hovering it, a screen reader, or a test reads what was drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH = 360
HEIGHT = 150
#: Room below the bars for the labels, above them for the values.
BOTTOM = 20
TOP = 16
#: Labels that fit under a chart side by side (a year is four digits).
MOST_LABELS = 8


def bar_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | int | None],
              unit: str) -> str:
    """One chart: a bar per label, its value written above it; a missing value (None) leaves a gap marked "–"."""
    known = [value for value in values if value is not None]
    top = max(known, default=0) or 1
    step = WIDTH / max(len(labels), 1)
    bar = max(step * 0.7, 1)
    plot = HEIGHT - BOTTOM - TOP
    out = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
           f'role="img" aria-labelledby="{chart_id}-title" data-unit="{escape(unit, quote=True)}">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<line class="axis" x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}"/>']
    # Labels are thinned out when there are too many to read: every one still has its bar and its title.
    every = max(1, math.ceil(len(labels) / MOST_LABELS))
    for index, (label, value) in enumerate(zip(labels, values)):
        x = index * step + (step - bar) / 2
        middle = index * step + step / 2
        label_text = escape(str(label))
        if value is None:
            out.append(f'<text class="gap" x="{middle:.1f}" y="{HEIGHT - BOTTOM - 4}">–</text>')
        else:
            height = plot * value / top
            shown = _number(value)
            out.append(f'<rect class="bar" x="{x:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" width="{bar:.1f}" '
                       f'height="{height:.1f}" data-label="{label_text}" data-value="{shown}">'
                       f'<title>{label_text}: {shown} {escape(unit)}</title></rect>')
            out.append(f'<text class="value" x="{middle:.1f}" y="{HEIGHT - BOTTOM - height - 3:.1f}">{shown}</text>')
        if index % every == 0:
            out.append(f'<text class="label" x="{middle:.1f}" y="{HEIGHT - 5}">{label_text}</text>')
    out.append("</svg>")
    return "".join(out)


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
