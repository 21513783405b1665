"""Server-side SVG bar charts: accessible, escaped, and drawn to scale."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from declarations.register.charts import ChartBar, bar_chart, describe, shorten
from declarations.register.dashboard import Bar

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(chart.svg))


def bar_widths(chart) -> list[float]:
    return [float(rect.get("width")) for rect in parse(chart).iter(f"{SVG}rect")]


def test_it_is_an_image_with_a_title_and_a_description_of_every_figure():
    chart = bar_chart([("Gift", 3), ("Hospitality", 1)], title="By type", chart_id="types")

    svg = parse(chart)

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "types-title"
    assert svg.get("aria-describedby") == "types-desc"
    assert svg.find(f"{SVG}title").text == "By type"
    assert svg.find(f"{SVG}title").get("id") == "types-title"
    assert svg.find(f"{SVG}desc").text == "By type. Gift: 3; Hospitality: 1."


def test_bars_are_drawn_to_scale():
    chart = bar_chart([("A", 4), ("B", 2), ("C", 0)], title="Scale")

    widths = bar_widths(chart)

    assert widths[0] > 0
    assert widths[1] == pytest.approx(widths[0] / 2)
    assert widths[2] == 0


def test_all_zero_and_empty_charts_still_render():
    zeros = bar_chart([("A", 0), ("B", 0)], title="Nothing yet")
    empty = bar_chart([], title="Empty")

    assert bar_widths(zeros) == [0, 0]
    assert bar_widths(empty) == []
    assert parse(empty).find(f"{SVG}desc").text == "Empty. No figures."


def test_labels_are_escaped():
    chart = bar_chart([('<script>alert("x")</script> & co', 1)], title="<b>Title</b>")

    assert "<script>" not in str(chart.svg)
    assert "<b>" not in str(chart.svg)
    texts = [t.text for t in parse(chart).iter(f"{SVG}text")]
    assert texts[0].startswith("<script>")  # parsed back: it was escaped text, not markup


def test_long_labels_are_shortened_in_the_picture_but_kept_for_the_table():
    label = "Housing, Regeneration and Community Services Directorate"
    chart = bar_chart([(label, 2)], title="Departments")

    assert chart.bars[0].label == label
    texts = [t.text for t in parse(chart).iter(f"{SVG}text")]
    assert texts[0] == shorten(label)
    assert texts[0].endswith("…")
    assert len(texts[0]) <= 26


def test_it_takes_dashboard_bars_and_keeps_their_links():
    chart = bar_chart([Bar("Gift", 2, "/register/?type=gift")], title="Types")

    assert chart.bars == (ChartBar("Gift", 2, "/register/?type=gift"),)
    assert chart.total == 2


def test_the_id_is_a_safe_slug():
    chart = bar_chart([("A", 1)], title='Open steps "by age"')

    assert re.fullmatch(r"[a-z0-9-]+", chart.chart_id)
    assert parse(chart).get("id") == chart.chart_id


def test_describe_reads_out_every_figure():
    bars = [ChartBar("Recorded", 5), ChartBar("Rejected", 0)]

    assert describe("By status", bars) == "By status. Recorded: 5; Rejected: 0."
