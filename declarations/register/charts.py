"""Server-side SVG bar charts: no JavaScript, no CDN, nothing to download.

A chart is an inline <svg role="img"> with a <title> and a <desc> that reads out every
figure, so assistive technology gets the numbers; templates/register/dashboard/_chart.html
also shows the same figures as a table under it. Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 60
ROW_HEIGHT = 32
BAR_HEIGHT = 22
PADDING = 8
FONT_SIZE = 16
FONT_FAMILY = "arial, helvetica, sans-serif"  # GOV.UK Frontend's, as base.html loads it
MAX_LABEL_CHARACTERS = 26
BAR_COLOUR = "#1d70b8"  # GOV.UK blue
TEXT_COLOUR = "#0b0c0c"  # GOV.UK text colour
AXIS_COLOUR = "#b1b4b6"  # GOV.UK border colour


class Countable(Protocol):
    label: str
    count: int


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the figures it shows (for the table beside it)."""

    chart_id: str
    title: str
    svg: SafeString
    bars: tuple[ChartBar, ...]

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def shorten(label: str, limit: int = MAX_LABEL_CHARACTERS) -> str:
    """A label that fits the label column; the table keeps it whole."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def describe(title: str, bars: Iterable[ChartBar]) -> str:
    """Every figure in words, for the chart's <desc>."""
    figures = "; ".join(f"{bar.label}: {bar.count}" for bar in bars)
    return f"{title}. {figures}." if figures else f"{title}. No figures."


def bar_chart(
    items: Iterable[Countable | tuple[str, int]], *, title: str, chart_id: str = ""
) -> Chart:
    """A horizontal bar chart of (label, count) pairs or objects with label and count."""
    bars = tuple(_bar(item) for item in items)
    chart_id = slugify(chart_id or title) or "chart"
    largest = max((bar.count for bar in bars), default=0)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(bars), 1) * ROW_HEIGHT + 2 * PADDING
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="register-chart" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'font-size="{FONT_SIZE}" '
        f'font-family="{FONT_FAMILY}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(title, bars))}</desc>',
        f'<line x1="{LABEL_WIDTH}" y1="{PADDING}" x2="{LABEL_WIDTH}" '
        f'y2="{height - PADDING}" stroke="{AXIS_COLOUR}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        top = PADDING + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        length = round(plot_width * bar.count / largest, 1) if largest else 0
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        parts.append(
            f'<g class="register-chart__bar">'
            f'<text x="{LABEL_WIDTH - PADDING}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="central" fill="{TEXT_COLOUR}">{escape(shorten(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{bar_top}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + PADDING}" y="{middle}" '
            f'dominant-baseline="central" fill="{TEXT_COLOUR}">{bar.count}</text>'
            f"</g>"
        )
    parts.append("</svg>")
    # Safe: every label is escaped above; the rest is numbers and fixed markup.
    return Chart(chart_id=chart_id, title=title, svg=mark_safe("".join(parts)), bars=bars)


def _bar(item: Countable | tuple[str, int]) -> ChartBar:
    if isinstance(item, tuple):
        label, count = item
        return ChartBar(str(label), int(count))
    return ChartBar(str(item.label), int(item.count), str(getattr(item, "url", "") or ""))
