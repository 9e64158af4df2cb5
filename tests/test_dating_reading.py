"""How dating reads an undated article (storyline.story.dating): running counts between
readings, weekdays written with month-days, weekdays on named dates, tense misread, several
weekdays together, copies. Sentences and figures are our own; no model."""

from __future__ import annotations

from datetime import date
from typing import Any

from dating_records import toll

from storyline.story import dating
from storyline.story.dating import KnownEvent, copy_date, infer_date, known_counts
from storyline.story.dating_clues import Clue
from storyline.story.dating_counts import KnownCount, curve, value_at


def timex(text: str, start: int, relative: str | None = None,
          value: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"text": text, "start": start, "end": start + len(text), "type": "DATE",
            "value": value, "relative": relative, "anchor": None}  # fmt: skip


#: Dated reports of a death toll: 9,000 on Nov 1, 13,000 on Nov 21, 18,000 on Dec 11, 23,000
#: on Jan 10 ("more than"); and a story span from the same articles.
READINGS = [("a", "2023-11-01", 9000), ("b", "2023-11-21", 13000), ("c", "2023-12-11", 18000),
            ("d", "2024-01-10", 23000)]  # fmt: skip
SPAN = [KnownEvent("talks_held", day, frozenset(), doc, day) for doc, day, _ in READINGS]


def test_running_count_is_read_between_readings_by_value() -> None:
    counts = known_counts([toll(doc, day, value) for doc, day, value in READINGS])
    # "more than 17,000" lies four fifths of the way from 13,000 to 18,000: early December.
    late = infer_date([], [], SPAN, figures=[toll("u", None, 17000)], known_counts=counts)
    early = infer_date([], [], SPAN, figures=[toll("v", None, 14000)], known_counts=counts)
    assert late.date is not None and "2023-12-01" <= late.date <= "2023-12-11"
    assert early.date is not None and "2023-11-21" <= early.date <= "2023-11-30"
    assert any("running count" in line for line in late.evidence)


def test_a_count_short_of_the_first_reading_dates_an_article_before_it() -> None:
    # "at least 7,000 killed": older than every dated report (9,000 on Nov 1), read back along
    # the first slope (200 a day) to mid-October. A toll far below ("12 killed in a strike")
    # is another count and dates nothing.
    counts = known_counts([toll(doc, day, value) for doc, day, value in READINGS])
    early = infer_date([], [], SPAN, figures=[toll("u", None, 7000)], known_counts=counts)
    assert early.date is not None and "2023-10-15" <= early.date < "2023-11-01"
    assert any("running count" in line for line in early.evidence)
    small = infer_date([], [], SPAN, figures=[toll("v", None, 12)], known_counts=counts)
    assert not any("running count" in line for line in small.evidence)
    # Beside the total, a smaller figure of the same count is a part of it ("more than 6,000
    # killed in the raid"), not an older reading: the article stays in early December.
    both = [toll("w", None, 17000), toll("w", None, 6000)]
    assert infer_date([], [], SPAN, figures=both, known_counts=counts).date == infer_date(
        [], [], SPAN, figures=both[:1], known_counts=counts).date  # fmt: skip


def test_a_count_curve_is_monotone_and_read_by_straight_lines() -> None:
    # Outlets disagree a little: a lower reading after a higher one is pooled with it.
    readings = ((date(2024, 1, 1), 100, 100), (date(2024, 1, 11), 200, 200),
                (date(2024, 1, 12), 180, 180), (date(2024, 1, 31), 400, 400))  # fmt: skip
    points = curve(KnownCount("killed", "people", None, 1, readings))
    values = [v for _, v in points]
    assert values == sorted(values)
    assert value_at(points, date(2024, 1, 6)) == 145.0  # half way from 100 to 190
    assert value_at(points, date(2024, 1, 31)) == 400.0


def test_weekday_written_with_a_month_day_picks_the_year() -> None:
    # An undated article: "Negotiators met in Cairo on Tuesday, March 12 ... the mediators said
    # on Wednesday". The story's dated articles run from June 2023 to June 2025, and March 12
    # was a Tuesday only in 2024 (a Sunday in 2023, a Wednesday in 2025).
    known = [KnownEvent("talks_held", "2023-06-01", frozenset(), "a", "2023-06-01"),
             KnownEvent("talks_held", "2025-06-01", frozenset(), "b", "2025-06-01")]  # fmt: skip
    timexes = [timex("Tuesday, March 12", 30, "inyear:-1:03-12"),
               timex("Wednesday", 120, "weekday:-1:WED")]  # fmt: skip
    guess = infer_date(timexes, [], known)
    assert guess.date in ("2024-03-12", "2024-03-13")
    # Without the weekday in the expression, March 12, 2025 (a Wednesday itself) fits better.
    bare = [timex("March 12", 30, "inyear:-1:03-12"), timexes[1]]
    assert infer_date(bare, [], known).date == "2025-03-12"


def test_weekday_landing_on_a_named_date_is_that_date() -> None:
    # "The plane was unveiled on Sunday ... the ceremony of 7/8/07 ..." with a plan named for
    # later: Sunday is July 8, 2007, and the article was written that day or the next.
    timexes = [timex("Sunday", 20, "weekday:-1:SUN"), timex("7/8/07", 60, value="2007-07-08"),
               timex("May 2008", 200, value="2008-05")]  # fmt: skip
    guess = infer_date(timexes, [], [])
    assert guess.date in ("2007-07-08", "2007-07-09")


def test_a_month_day_read_in_the_wrong_tense_still_counts(monkeypatch: Any) -> None:
    # "The deal reached on November 28 ..." taken by the parser for a coming date: read on
    # December 2, 2024 it would be November 28, 2025, but the past reading keeps a share.
    clue = Clue("November 28", 40, relative="inyear:+1:11-28")
    day = date(2024, 12, 2)
    assert clue.at(day) == (date(2025, 11, 28), date(2025, 11, 28))
    assert clue.other_reading(day) == (date(2024, 11, 28), date(2024, 11, 28))
    with_misread = dating.cost([clue], day)
    monkeypatch.setattr(dating, "MISREAD_TENSE", 0.0)
    assert dating.cost([clue], day) > with_misread + 2


def test_the_latest_of_several_weekdays_is_the_day_itself() -> None:
    # "Hamas freed four captives on Friday ... talks went on over Saturday ... the cabinet met
    # on Sunday": within the story's span, written on the Sunday.
    known = [KnownEvent("talks_held", "2024-01-01", frozenset(), "a", "2024-01-01"),
             KnownEvent("talks_held", "2024-03-01", frozenset(), "b", "2024-03-01")]  # fmt: skip
    timexes = [timex("Friday", 20, "weekday:-1:FRI"), timex("Saturday", 60, "weekday:-1:SAT"),
               timex("Sunday", 100, "weekday:-1:SUN")]  # fmt: skip
    guess = infer_date(timexes, [], known)
    assert guess.date is not None and date.fromisoformat(guess.date).weekday() == 6


def test_a_copy_with_a_stated_date_gives_its_date() -> None:
    guess = copy_date("2024-08-16")
    assert (guess.date, guess.window_start, guess.window_end) == (
        "2024-08-16", "2024-08-16", "2024-08-17")  # fmt: skip
    assert guess.published_source == "content" and guess.confidence >= 0.8


def test_the_story_stage_dates_an_undated_copy_from_its_dated_copy(tmp_path: Any) -> None:
    from storyline import Storyline
    from storyline.story.stage import StorySettings

    text = ("Mediators in Doha said on Friday that talks between Israel and Hamas on a "
            "ceasefire in Gaza would resume next week, after two days of meetings with a "
            "bridging proposal put forward by the United States.")  # fmt: skip
    folder = tmp_path / "corpus"
    folder.mkdir()
    # the undated copy comes first: the dated one is stored as its duplicate
    (folder / "a.md").write_text(f"---\ntitle: Doha talks\noutlet: Wire\n---\n\n{text}\n")
    (folder / "b.md").write_text(
        f"---\ntitle: Doha talks\noutlet: Post\npublished: 2024-08-16\n---\n\n{text}\n"
    )
    with Storyline(tmp_path / "s.db") as sl:
        sl.story_settings = StorySettings(embedder="hash")
        sl.run([str(folder)])
        [undated] = [d for d in sl.documents() if d.source.endswith("a.md")]
        guess = sl.dating(undated.id)
    assert undated.published == "2024-08-16" and undated.published_source == "content"
    assert guess is not None and any("copy" in line for line in guess["evidence"])


def test_a_crawl_date_bounds_the_date_of_an_undated_article(tmp_path: Any) -> None:
    import json

    from storyline import Storyline
    from storyline.story.stage import StorySettings

    dated = [
        ("2023-11-25", "The truce between Israel and Hamas began on Friday morning in Gaza, "
                       "and the first hostages were handed to the Red Cross."),
        ("2023-12-02", "The truce between Israel and Hamas ended on Friday as rockets were "
                       "fired from Gaza and Israeli strikes resumed."),
        ("2024-02-10", "Negotiators from Israel and Hamas met mediators in Cairo on Tuesday "
                       "to discuss a new truce and the release of hostages held in Gaza."),
    ]  # fmt: skip
    undated = ("Families of hostages held in Gaza marched through Tel Aviv on Saturday to "
               "demand that Israel and Hamas agree a new truce.")  # fmt: skip
    rows = [{"title": f"Report {i}", "outlet": "Wire", "published": day, "text": text}
            for i, (day, text) in enumerate(dated)]  # fmt: skip
    crawled = {"title": "March", "outlet": "Post", "text": undated,
               "date_download": "2023-12-10T06:00:00Z"}  # fmt: skip
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in [*rows, crawled]))
    with Storyline(tmp_path / "s.db") as sl:
        sl.story_settings = StorySettings(embedder="hash")
        sl.run([str(tmp_path / "in.jsonl")])
        [doc] = [d for d in sl.documents() if d.title == "March"]
        guess = sl.dating(doc.id)
    # crawled on 2023-12-10: the Saturday is the 9th, the last before the crawl, and the article
    # was written that day or the next; not on a Saturday long before (2023-10-28 was the
    # guess without the crawl date)
    assert doc.published in ("2023-12-09", "2023-12-10")
    assert doc.published_source == "content"
    assert guess is not None and any("captured on 2023-12-10" in line for line in guess["evidence"])


def test_pages_captured_long_after_their_dates_give_a_bound_only() -> None:
    from storyline.story.dating_capture import capture_args, typical_lag

    fresh = [(f"2024-03-0{d}", f"2024-03-0{d + 1}") for d in range(1, 7)]
    archive = [(f"2021-05-0{d}", f"2024-03-0{d}") for d in range(1, 7)]
    assert typical_lag(fresh) == 1.0
    assert typical_lag(fresh[:4]) is None  # too few dated captured pages to say
    assert capture_args("2024-03-10T04:00:00Z", typical_lag(fresh)) == {
        "captured": "2024-03-10T04:00:00Z"}  # fmt: skip
    assert capture_args("2024-03-10", None) == {"captured": "2024-03-10"}
    # an archive crawl: the capture day bounds the date but does not draw it near
    assert capture_args("2024-03-10", typical_lag(archive)) == {"not_after": "2024-03-11"}
    assert capture_args(None, 1.0) == {}
