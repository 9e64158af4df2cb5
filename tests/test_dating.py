"""Dating undated articles from their content (storyline.story.dating): hand-made timexes and
events in the shapes the store returns, no model."""

from __future__ import annotations

from typing import Any

from dating_records import toll

from storyline.story.dating import (
    DateGuess,
    KnownEvent,
    infer_date,
    known_counts,
    known_events,
    resolve_timexes,
)


def timex(text: str, start: int, relative: str | None = None, value: str | None = None,
          kind: str = "DATE") -> dict[str, Any]:  # fmt: skip
    return {"text": text, "start": start, "end": start + len(text), "type": kind,
            "value": value, "relative": relative, "anchor": None}  # fmt: skip


def event(type_: str, start: int, end: int, date_text: str | None = None, actor: str | None = None,
          recipient: str | None = None, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"type": type_, "actor": actor, "recipient": recipient, "date": None,
            "date_text": date_text, "status": "occurred", "negated": False,
            "evidence": {"start": start, "end": end, "text": "x" * (end - start)}, **extra}  # fmt: skip


#: What dated articles of the story know: the truce began on Friday 2023-11-24; they were
#: published from 2023-11-20 to 2023-12-05.
KNOWN = [
    KnownEvent("truce_start", "2023-11-24", frozenset({"israel", "hamas"}), "d1", "2023-11-25"),
    KnownEvent("deal_reached", "2023-11-22", frozenset({"qatar"}), "d2", "2023-11-20"),
    KnownEvent("truce_end", "2023-12-01", frozenset(), "d3", "2023-12-05"),
]


def test_undated_article_is_dated_through_another_articles_event() -> None:
    # "The truce between Israel and Hamas began on Friday ... Qatar announced on Monday ..."
    timexes = [timex("Friday", 45, "weekday:-1:FRI"), timex("Monday", 120, "weekday:-1:MON")]
    events = [event("truce_start", 0, 60, "Friday", actor="Israel, Hamas")]
    guess = infer_date(timexes, events, KNOWN)
    # Friday = 2023-11-24 fixes the week; "Monday" is then the latest day named.
    assert guess.date == "2023-11-27"
    assert guess.window_start is not None and guess.window_start <= "2023-11-27"
    assert guess.window_end is not None and guess.window_end >= "2023-11-27"
    assert guess.published_source == "content"
    assert any("truce_start" in line for line in guess.evidence)
    # Without what the other article knows, the same text cannot be dated.
    alone = infer_date(timexes, events, [])
    assert alone.date is None and alone.confidence == 0.0


def test_the_known_event_is_what_makes_the_guess_confident() -> None:
    timexes = [timex("Friday", 45, "weekday:-1:FRI"), timex("Monday", 120, "weekday:-1:MON")]
    matched = infer_date(timexes, [event("truce_start", 0, 60, "Friday", actor="Israel")], KNOWN)
    unmatched = infer_date(timexes, [event("PROTEST", 0, 60, "Friday")], KNOWN)
    assert matched.confidence > unmatched.confidence
    assert unmatched.confidence < 0.5  # any Monday of the story's weeks would do


def test_absolute_date_is_a_lower_bound_and_weekday_picks_the_day() -> None:
    timexes = [timex("November 24, 2023", 10, value="2023-11-24"),
               timex("Monday", 80, "weekday:-1:MON"), timex("Tuesday", 120, "weekday:-1:TUE")]  # fmt: skip
    guess = infer_date(timexes, [], [])
    assert guess.date == "2023-11-28"
    # Named without weekdays, the date is still a lower bound.
    alone = infer_date(timexes[:1], [], [])
    assert alone.date is not None and alone.date >= "2023-11-24"
    assert any("2023-11-24" in line for line in guess.evidence)


def test_dateline_month_day_with_weekdays_fixes_the_year() -> None:
    # "JERUSALEM, Oct 8 (MPA) - ... Saturday's assault ...": Oct 8 was a Sunday in 2023 only.
    known = [KnownEvent("ASSAULT", "2023-10-07", frozenset({"hamas"}), "d9", "2023-10-07"),
             KnownEvent("talks_held", "2025-01-10", frozenset(), "d8", "2025-01-12")]  # fmt: skip
    timexes = [timex("Oct 8", 11, "inyear:-1:10-08"), timex("Saturday", 56, "weekday:-1:SAT"),
               timex("Sunday", 156, "weekday:-1:SUN")]  # fmt: skip
    guess = infer_date(timexes, [], known)
    assert guess.date == "2023-10-08"
    assert guess.confidence > 0.5


def test_story_origin_named_in_every_article_does_not_pull_the_date_back() -> None:
    # Dated articles still name October 7 months later: it dates no article by itself.
    known = [KnownEvent("ASSAULT", "2023-10-07", frozenset({"hamas"}), "d1", "2024-04-20"),
             KnownEvent("talks_held", "2024-05-06", frozenset({"qatar"}), "d2", "2024-05-07"),
             KnownEvent("talks_held", "2023-11-10", frozenset({"qatar"}), "d3", "2023-11-11")]  # fmt: skip
    timexes = [timex("October 7, 2023", 10, value="2023-10-07"),
               timex("Monday", 90, "weekday:-1:MON")]  # fmt: skip
    events = [event("talks_held", 80, 140, "Monday", actor="Qatar")]
    guess = infer_date(timexes, events, known)
    assert guess.date == "2024-05-06"


def test_running_count_dates_the_article_between_readings() -> None:
    dated = [toll("a", "2023-11-01", 9000), toll("b", "2023-11-20", 13000),
             toll("c", "2023-12-10", 18000), toll("d", "2024-01-10", 23000)]  # fmt: skip
    undated = toll("u", "", 16000)
    undated["_published"] = undated["as_of"] = None
    known = [KnownEvent("talks_held", "2023-11-01", frozenset(), "a", "2023-11-01"),
             KnownEvent("talks_held", "2024-01-10", frozenset(), "d", "2024-01-10")]  # fmt: skip
    guess = infer_date([], [], known, figures=[undated], known_counts=known_counts(dated))
    assert guess.date is not None and "2023-11-20" < guess.date <= "2023-12-10"


def test_resolve_timexes_fills_relative_values() -> None:
    timexes = [timex("Friday", 0, "weekday:-1:FRI"), timex("last week", 20, "week:-1"),
               timex("2023", 40, value="2023")]  # fmt: skip
    resolved = resolve_timexes(timexes, "2023-11-27")
    assert [t["value"] for t in resolved] == ["2023-11-24", "2023-W47", "2023"]
    assert resolved[0]["anchor"] == "2023-11-27"
    assert timexes[0]["value"] is None  # the input is not changed


def test_no_clue_gives_no_date() -> None:
    guess = infer_date([timex("three days", 0, value="P3D", kind="DURATION")], [], [])
    assert guess == DateGuess(None, None, None, 0.0, guess.evidence)
    assert guess.evidence


def test_known_events_from_store_dicts() -> None:
    events = [
        {**event("truce_start", 0, 10, actor="Israel, Hamas"), "doc": "d1", "date": "2023-11-24T07:00",
         "_published": "2023-11-25"},
        {**event("truce_end", 0, 10), "doc": "d2", "date": "2023-W48", "_published": "2023-12-02"},
        {**event("truce_start", 0, 10), "doc": "d3", "date": "2023-11-24", "negated": True},
        {**event("talks_held", 0, 10), "doc": "d4", "date": "2023-11-20", "status": "denied"},
    ]  # fmt: skip
    known = known_events(events)
    assert known == [
        KnownEvent("truce_start", "2023-11-24", frozenset({"israel", "hamas"}), "d1", "2023-11-25")
    ]
    assert known_events(events, exclude_docs=frozenset({"d1"})) == []


def test_many_years_named_do_not_crowd_out_the_recent_days() -> None:
    # A background paragraph naming decades of years must not push the latest days out of
    # the days considered: the full date named last is still a lower bound.
    years = [timex(str(y), 10 + 6 * i, value=str(y)) for i, y in enumerate(range(1960, 2000))]
    timexes = [*years, timex("March 3, 2011", 400, value="2011-03-03"),
               timex("Friday", 450, "weekday:-1:FRI")]  # fmt: skip
    guess = infer_date(timexes, [], [])
    assert guess.date is not None and "2011-03-03" <= guess.date <= "2011-03-12"
    assert date_of_week(guess.date) >= 4  # Friday named in the past tense: Friday or later


def date_of_week(day: str) -> int:
    from datetime import date

    return date.fromisoformat(day).weekday()


def test_as_dict_gives_date_window_confidence_and_clues() -> None:
    guess = infer_date([timex("November 24, 2023", 10, value="2023-11-24")], [], []).as_dict()
    assert guess["date"] is not None and guess["date"] >= "2023-11-24"
    first, last = guess["window"]
    assert first <= guess["date"] <= last
    assert 0.0 < guess["confidence"] <= 1.0
    assert any("2023-11-24" in line for line in guess["clues"])
    assert guess["published_source"] == "content"


def test_weekday_ahead_is_read_as_the_coming_days() -> None:
    # "... met on Monday, November 20, 2023; agreed on Tuesday; the truce takes effect on
    # Thursday": written on the Tuesday or the Wednesday, not once Thursday has come.
    timexes = [timex("Monday, November 20, 2023", 10, value="2023-11-20"),
               timex("Tuesday", 60, "weekday:-1:TUE"),
               timex("Thursday", 90, "weekday:+1:THU")]  # fmt: skip
    guess = infer_date(timexes, [], [])
    assert guess.date in ("2023-11-21", "2023-11-22")


def test_caller_bounds_pick_the_week() -> None:
    # Only weekdays: any week of the story would do, until the caller bounds the days (the page
    # was fetched on 2023-12-04 from a listing that starts on 2023-11-28).
    timexes = [timex("Friday", 45, "weekday:-1:FRI"), timex("Saturday", 90, "weekday:-1:SAT")]
    events = [event("PROTEST", 0, 60, "Friday")]
    loose = infer_date(timexes, events, KNOWN)
    bounded = infer_date(timexes, events, KNOWN, not_before="2023-11-28", not_after="2023-12-04")
    assert bounded.date is not None and "2023-12-02" <= bounded.date <= "2023-12-04"
    assert bounded.confidence > loose.confidence
    # Bounds that leave no day give no guess.
    empty = infer_date(timexes, events, KNOWN, not_before="2023-12-05", not_after="2023-12-01")
    assert empty.date is None


def test_a_claimed_date_is_known_a_denied_one_is_not() -> None:
    events = [
        {**event("truce_start", 0, 10), "doc": "d1", "date": "2025-01-19", "status": "claimed",
         "_published": "2025-01-20"},
        {**event("truce_end", 0, 10), "doc": "d2", "date": "2025-03-01", "status": "denied",
         "_published": "2025-03-02"},
    ]  # fmt: skip
    assert [k.type for k in known_events(events)] == ["truce_start"]
