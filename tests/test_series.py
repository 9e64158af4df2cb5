"""Figure series (storyline.story.series): our own small corpus of figure dicts, shaped as the
store returns them, with an update, a revision, a contradiction and a rounding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import count
from typing import Any

from storyline.story.series import Series, build_series, interval, series_svg
from storyline.story.series_scope import counted_key, moment_of, places, source_key

_ids = count()


def fig(sentence: str, number: str, value: float, **fields: Any) -> dict[str, Any]:
    """A figure dict; `fields` holds doc and published, and any of category, counted,
    qualifier, as_of, source, outlet, duplicate_of, status to change from the defaults."""
    f = {"category": "killed", "counted": "people", "qualifier": "exact", "as_of": None,
         "source": None, "outlet": "Wire", "duplicate_of": None, "status": "reported", **fields}  # fmt: skip
    doc, published, start = f["doc"], f["published"], sentence.index(number)
    return {
        "id": f"f-{doc}-{next(_ids)}", "doc": doc, "value": value, "low": None, "high": None,
        "qualifier": f["qualifier"], "kind": "count", "counted": f["counted"],
        "category": f["category"], "unit": None, "as_of": f["as_of"] or published,
        "attributed_to": f["source"], "status": f["status"],
        "evidence": {"start": 100 + start, "end": 100 + start + len(number), "text": number},
        "sentence": {"start": 100, "end": 100 + len(sentence), "text": sentence},
        "_outlet": f["outlet"], "_published": published, "_duplicate_of": f["duplicate_of"],
    }  # fmt: skip


def corpus() -> list[dict[str, Any]]:
    oct7 = "were killed in Israel on October 7, according to Israeli officials."
    return [
        # a fixed past moment: 700, then 1,400 (revision), then 1,139 (revision), then
        # "about 1,200" (rounding of 1,139)
        fig(f"At least 700 people {oct7}", "At least 700", 700, doc="a1", published="2023-10-09",
            qualifier="at_least", as_of="2023-10-07", source="Israeli officials"),
        fig(f"Some 1,400 people {oct7}", "Some 1,400", 1400, doc="a2", published="2023-10-14",
            qualifier="approx", as_of="2023-10-07", source="Israeli officials"),
        fig(f"In all 1,139 people {oct7}", "1,139", 1139, doc="a3", published="2023-12-15",
            as_of="2023-10-07", source="Israeli officials"),
        fig(f"About 1,200 people {oct7}", "About 1,200", 1200, doc="a4", published="2024-01-10",
            qualifier="approx", as_of="2023-10-07", source="Israeli officials"),
        # a running count in Gaza: 14,000 -> 15,000 ten days later (update), the same again
        # from another outlet, and a near copy of an article (never counted)
        fig("The health ministry in Gaza says 14,000 people have been killed since the war began.",
            "14,000", 14000, doc="b1", published="2023-11-20", source="the health ministry"),
        fig("The health ministry in Gaza says 15,000 people have been killed since the war began.",
            "15,000", 15000, doc="b2", published="2023-11-30", source="Gaza's health ministry"),
        fig("Gaza's health ministry says 15,000 Palestinians have been killed in Gaza so far.",
            "15,000", 15000, doc="b3", published="2023-12-01", outlet="Other",
            counted="Palestinians", source="Gaza's health ministry"),
        fig("The health ministry in Gaza says 15,000 people have been killed since the war began.",
            "15,000", 15000, doc="b4", published="2023-12-01", source="the health ministry",
            duplicate_of="b2"),
        # hostages held, the same day, from two sources (contradiction)
        fig("Israel says 240 hostages are held in Gaza.", "240", 240, doc="c1",
            published="2023-11-01", category="hostages_held", counted="hostages", source="Israel"),
        fig("Hamas says 200 captives are held in Gaza.", "200", 200, doc="c2",
            published="2023-11-01", category="hostages_held", counted="captives", source="Hamas",
            outlet="Another"),
        # a proposal is not a count
        fig("Under the deal 50 hostages would be held in Gaza.", "50", 50, doc="c3",
            published="2023-11-02", category="hostages_held", counted="hostages",
            status="proposal"),
    ]  # fmt: skip


def by_label(series: list[Series], needle: str) -> Series:
    (found,) = [s for s in series if needle in s.label]
    return found


def test_revision_and_rounding_of_a_fixed_past_moment() -> None:
    series = by_label(build_series(corpus()), "on 2023-10-07")
    assert series.scope.place == "Israel" and series.scope.moment == "2023-10-07"
    assert [(p.value, p.kind) for p in series.points] == [
        (700, "first"), (1400, "revision"), (1139, "revision"), (1200, "rounding"),
    ]  # fmt: skip
    assert series.points[1].against == series.points[0].figure


def test_update_of_a_running_count_and_duplicates_counted_once() -> None:
    series = by_label(build_series(corpus()), "killed (people) in Gaza")
    assert series.scope.moment is None
    assert [(p.doc, p.kind) for p in series.points] == [("b1", "first"), ("b2", "update"),
                                                        ("b3", "same")]  # fmt: skip
    assert series.duplicates_skipped == 1
    assert "health ministry" in series.label


def test_contradiction_between_sources_on_the_same_day() -> None:
    series = by_label(build_series(corpus()), "hostages held")
    assert [(p.value, p.kind) for p in series.points] == [(240, "first"), (200, "contradiction")]
    assert series.counts()["contradiction"] == 1


def test_outlier_in_a_series_is_set_aside() -> None:
    figures = [
        fig(f"The ministry in Gaza says {v:,} people have been killed so far.", f"{v:,}", v,
            doc=f"t{i}", published=f"2024-0{i + 1}-01", source="the ministry")
        for i, v in enumerate([20000, 25000, 300, 30000, 35000])
    ]  # fmt: skip
    (series,) = build_series(figures)
    assert [p.value for p in series.outliers] == [300]
    assert [p.kind for p in series.points] == ["first", "update", "update", "update"]


def test_interval_reads_qualifier_and_roundness() -> None:
    assert interval(1200, "approx") == (1100, 1300)
    assert interval(100, "approx") == (90, 110)
    assert interval(14000, "more_than") == (14000, 15000)
    assert interval(1139, "exact") == (1139, 1139)
    assert interval(137, "approx") == (136, 138)
    assert interval(10, "range", 5, 20) == (5, 20)


def test_scope_helpers() -> None:
    assert places("killed in the Hamas attack on Israel on October 7") == ["Israel"]
    assert places("killed in Israel's bombardment, the health ministry in the Gaza Strip said") == [
        "Gaza"
    ]
    assert places("In Gaza City's Al-Shifa hospital") == ["Gaza City"]
    assert counted_key("Palestinians", "killed") == "people"
    assert counted_key("Israeli captives", "hostages_held") == "hostage"
    assert counted_key(None, "prisoners_released") == "prisoner"
    moment = {"as_of": "2023-10-07", "_published": "2023-12-01"}
    assert moment_of(moment, "", " people were killed in Israel on October 7") == "2023-10-07"
    assert (
        moment_of(moment, "", " people have been killed since the war began on October 7") is None
    )
    on_day = {"as_of": "2024-03-01", "_published": "2024-03-01"}
    assert moment_of(on_day, "", " people were killed on Thursday when crowds") == "2024-02-29"
    assert moment_of(on_day, "the toll rose to ", " on Thursday") is None
    assert source_key("Gaza's health ministry", "Gaza") == source_key(
        "the health ministry in Gaza", "Gaza"
    )


def test_series_svg_is_valid_escaped_and_marks_kinds() -> None:
    figures = corpus()
    figures[0]["attributed_to"] = figures[1]["attributed_to"] = (
        'Officials <script>"x"</script> & co'
    )
    series = by_label(build_series(figures), "on 2023-10-07")
    svg = series_svg(series)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    kinds = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert kinds == ["first", "revision", "revision", "rounding"]
    assert root.find("{http://www.w3.org/2000/svg}polyline") is not None


def test_series_as_dict_and_min_points() -> None:
    single = build_series(corpus()[:1])
    assert single == []
    (only,) = build_series(corpus()[:1], min_points=1)
    data = only.as_dict()
    assert data["moment"] == "2023-10-07" and data["points"][0]["kind"] == "first"


def test_the_number_taken_on_one_day_is_revised_not_updated() -> None:
    taken = "people were taken hostage from Israel on October 7, officials said."
    figures = [
        fig(f"About 200 {taken}", "About 200", 200, doc="h1", published="2023-10-12",
            category="hostages_taken", qualifier="approx", as_of="2023-10-07"),
        fig(f"In all 240 {taken}", "240", 240, doc="h2", published="2023-11-01",
            category="hostages_taken", as_of="2023-10-07"),
        fig(f"A total of 251 {taken}", "251", 251, doc="h3", published="2024-01-20",
            category="hostages_taken", as_of="2023-10-07"),
    ]  # fmt: skip
    (series,) = build_series(figures)
    assert series.scope.moment == "2023-10-07"
    assert [(p.value, p.kind) for p in series.points] == [
        (200, "first"), (240, "revision"), (251, "revision"),
    ]  # fmt: skip
