"""storyline_time on sentences written for these tests: detection, extents, tense-aware values.

The document date throughout is Tuesday 2023-11-28 unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from storyline.nlp.models import model_location
from storyline.nlp.records import Timex
from storyline.nlp.timex import TimeComponent, absolute_value, resolve
from storyline.nlp.timex_lexicon import number_value
from storyline.nlp.timex_resolve import RelativeError, parse_date
from storyline.nlp.timex_rules_amounts import duration_value

DCT = "2023-11-28"  # a Tuesday


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The small English model with our component, loaded once for the whole session."""
    import storyline.nlp.timex  # noqa: F401  (registers the factory)

    pipeline = spacy.load(model_location("en_core_web_sm"))
    pipeline.add_pipe("storyline_time")
    return pipeline


def timexes(nlp: Any, text: str, dct: str | None = DCT) -> list[Timex]:
    doc = nlp.make_doc(text)
    doc._.sl_doc_date = dct
    found: list[Timex] = nlp(doc)._.sl_timexes
    for t in found:  # the record's evidence is always the text at its offsets
        assert text[t.start : t.end] == t.text
    return found


def one(nlp: Any, text: str, expr: str, dct: str | None = DCT) -> Timex:
    """The timex whose text is `expr` (fails with what was found otherwise)."""
    found = timexes(nlp, text, dct)
    matching = [t for t in found if t.text == expr]
    assert matching, f"{expr!r} not found in {[t.text for t in found]}"
    return matching[0]


# --- tense decides which weekday ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Hamas released 13 hostages on Friday.", "Friday", "2023-11-24"),
        ("More captives were freed on Monday.", "Monday", "2023-11-27"),
        ("Officials met on Tuesday.", "Tuesday", "2023-11-28"),
        ("Negotiators have met on Sunday in Doha.", "Sunday", "2023-11-26"),
        ("Talks will resume on Thursday.", "Thursday", "2023-11-30"),
        ("The truce will be extended on Friday.", "Friday", "2023-12-01"),
        ("The delegation is set to arrive on Sunday.", "Sunday", "2023-12-03"),
        ("The vote is scheduled for Wednesday.", "Wednesday", "2023-11-29"),
        ("The mediators met last Tuesday.", "last Tuesday", "2023-11-21"),
        ("They meet again next Monday.", "next Monday", "2023-12-04"),
    ],
)
def test_weekday_follows_the_tense(nlp: Any, text: str, expr: str, value: str) -> None:
    timex = one(nlp, text, expr)
    assert (timex.type, timex.value, timex.anchor) == ("DATE", value, DCT)


def test_present_tense_takes_the_nearest_weekday(nlp: Any) -> None:
    assert one(nlp, "The summit opens Thursday.", "Thursday").value == "2023-11-30"
    assert one(nlp, "The summit opens Sunday.", "Sunday").value == "2023-11-26"


# --- deictic weeks, months, years ------------------------------------------------------------


def test_this_next_last_week_month_year(nlp: Any) -> None:
    text = "Negotiators met last week, meet again this week and will sign next week."
    values = {t.text: t.value for t in timexes(nlp, text)}
    assert values == {"last week": "2023-W47", "this week": "2023-W48", "next week": "2023-W49"}
    assert one(nlp, "Prices rose last month.", "last month").value == "2023-10"
    assert one(nlp, "Exports fell this year.", "this year").value == "2023"
    assert one(nlp, "Elections are due next year.", "next year").value == "2024"


def test_weeks_have_week_granularity_and_relative_recipe(nlp: Any) -> None:
    timex = one(nlp, "The envoy travelled this week.", "this week")
    assert (timex.granularity, timex.relative) == ("week", "week:0")


# --- dates without a year, and with one -------------------------------------------------------


def test_feasts_of_the_islamic_and_hebrew_calendars(nlp: Any) -> None:
    text = ("Hamas attacked on Simchat Torah; mediators now want a truce before Ramadan, and "
            "families will light candles on Hanukkah 2024 and mark Eid al-Fitr.")  # fmt: skip
    found = {t.text: t.value for t in timexes(nlp, text, "2024-02-20")}
    assert found["Simchat Torah"] == "2023-10-07"
    assert found["Ramadan"] == "2024-03-11"
    assert found["Hanukkah 2024"] == "2024-12-26"
    assert found["Eid al-Fitr"] == "2024-04-10"
    # a year written after any holiday's name is its year (it was read after the last name
    # of the list only: "Easter 2024" became the Easter before the document date)
    easter = {t.text: t.value for t in timexes(nlp, "Easter 2024 fell early.", "2024-02-20")}
    assert easter == {"Easter 2024": "2024-03-31"}


def test_month_day_without_year_follows_the_tense(nlp: Any) -> None:
    assert one(nlp, "The attack came on October 7.", "October 7").value == "2023-10-07"
    biden = one(nlp, "Biden will leave office on January 20.", "January 20")
    assert biden.value == "2024-01-20"
    # A deadline a few weeks ahead stays this year even in a past-tense clause.
    deadline = one(nlp, "The ministry extended the offer until December 9.", "December 9")
    assert deadline.value == "2023-12-09"
    # A past form in a condition is no past time: the nearest January 20 (DCT is in
    # November), where a plain past clause takes the one before.
    warned = ("He warned that there would be a price to pay if the hostages were not freed "
              "before his inauguration on January 20.")  # fmt: skip
    assert one(nlp, warned, "January 20").value == "2024-01-20"
    assert one(nlp, "The hostages were freed on January 20.", "January 20").value == "2023-01-20"


def test_written_dates_are_absolute(nlp: Any) -> None:
    timex = one(nlp, "The hearing is scheduled for Jan 22, 2024.", "Jan 22, 2024")
    assert (timex.value, timex.relative, timex.anchor) == ("2024-01-22", None, None)
    assert one(nlp, "It began on 7 October 2023.", "7 October 2023").value == "2023-10-07"
    assert one(nlp, "Signed on Friday, Oct. 13, 1989.", "Friday, Oct. 13, 1989").value == (
        "1989-10-13"
    )
    assert one(nlp, "Elections were held in March 2019.", "March 2019").value == "2019-03"
    assert one(nlp, "The war ended in 1973.", "1973").value == "1973"


def test_decades_centuries_seasons_quarters(nlp: Any) -> None:
    text = "In the 1990s and again in the summer of 2012 growth slowed."
    values = {t.text: t.value for t in timexes(nlp, text)}
    assert values == {"the 1990s": "199", "the summer of 2012": "2012-SU"}
    assert one(nlp, "Talks stalled last summer.", "last summer").value == "2023-SU"
    assert one(nlp, "Profit rose in the third quarter.", "the third quarter").value == "2023-Q3"
    early = one(nlp, "The plan was drafted in early March.", "early March")
    assert (early.value, early.mod) == ("2023-03", "START")


# --- days around the document date and anaphoric ones ---------------------------------------


def test_yesterday_today_tomorrow_and_parts_of_days(nlp: Any) -> None:
    text = "Yesterday morning the envoy left; today he rests and tomorrow he returns."
    found = {t.text: (t.type, t.value) for t in timexes(nlp, text)}
    assert found == {
        "Yesterday morning": ("TIME", "2023-11-27TMO"),
        "today": ("DATE", "2023-11-28"),
        "tomorrow": ("DATE", "2023-11-29"),
    }
    evening = one(nlp, "The minister spoke this evening.", "this evening")
    assert (evening.type, evening.value) == ("TIME", "2023-11-28TEV")
    assert one(nlp, "Shelling continued last night.", "last night").value == "2023-11-27TNI"


def test_the_day_before_leans_on_the_date_just_named(nlp: Any) -> None:
    text = "She was born on Jan 22, 2024. The day before, her father arrived."
    timex = one(nlp, text, "The day before")
    assert (timex.value, timex.relative, timex.anchor) == (
        "2024-01-21",
        "offset:day:-1",
        "2024-01-22",
    )
    text = "The talks collapsed on Monday. The day before, both sides had been hopeful."
    assert one(nlp, text, "The day before").value == "2023-11-26"


def test_clock_time_joins_its_day(nlp: Any) -> None:
    timex = one(nlp, "The truce ended at 7 a.m. Friday.", "7 a.m. Friday")
    assert (timex.type, timex.value) == ("TIME", "2023-11-24T07:00")


def test_distances_from_the_document_date(nlp: Any) -> None:
    assert one(nlp, "He retired two years ago.", "two years ago").value == "2021"
    assert one(nlp, "It opened three days ago.", "three days ago").value == "2023-11-25"
    assert one(nlp, "It closed six weeks ago.", "six weeks ago").value == "2023-W42"


# --- vague references, durations and sets ------------------------------------------------------


def test_present_and_past_references(nlp: Any) -> None:
    text = "He is currently in Doha, recently visited Cairo and now is home."
    values = {t.text: (t.type, t.value) for t in timexes(nlp, text)}
    assert values == {
        "currently": ("DATE", "PRESENT_REF"),
        "recently": ("DATE", "PAST_REF"),
        "now": ("DATE", "PRESENT_REF"),
    }


@pytest.mark.parametrize(
    ("text", "expr", "value", "mod"),
    [
        ("The ceasefire lasted 49 days.", "49 days", "P49D", None),
        ("Fighting raged for the past two weeks.", "the past two weeks", "P2W", None),
        ("A four-day truce was agreed.", "four-day", "P4D", None),
        ("The meeting took an hour and a half.", "an hour and a half", "PT1H30M", None),
        ("The siege lasted several months.", "several months", "PXM", None),
        ("It lasted more than three years.", "more than three years", "P3Y", "MORE_THAN"),
        ("He waited nearly two decades.", "nearly two decades", "P20Y", "LESS_THAN"),
    ],
)
def test_durations(nlp: Any, text: str, expr: str, value: str, mod: str | None) -> None:
    timex = one(nlp, text, expr)
    assert (timex.type, timex.value, timex.mod) == ("DURATION", value, mod)


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Aid trucks arrive every Friday.", "every Friday", "XXXX-WXX-5"),
        ("Convoys cross daily.", "daily", "P1D"),
        ("The council meets each month.", "each month", "P1M"),
        ("Flights leave twice a week.", "a week", "P1W"),
        ("The market opens on Sundays.", "Sundays", "XXXX-WXX-7"),
    ],
)
def test_sets(nlp: Any, text: str, expr: str, value: str) -> None:
    timex = one(nlp, text, expr)
    assert (timex.type, timex.value) == ("SET", value)


# --- what is not a time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You may leave whenever you like.",
        "Thousands march through the capital.",
        "Prices fall when supply grows.",
        "He read the Sun over breakfast.",
        "The 6-year-old boy was returned to his father.",
    ],
)
def test_no_false_alarms(nlp: Any, text: str) -> None:
    assert timexes(nlp, text) == []


def test_prepositions_stay_out_and_determiners_in(nlp: Any) -> None:
    found = [
        t.text for t in timexes(nlp, "On Friday, over the past decade and in the weeks ahead.")
    ]
    assert found == ["Friday", "the past decade", "the weeks ahead"]


# --- unknown document date: relative now, resolved later --------------------------------------


def test_unknown_document_date_keeps_relative_values(nlp: Any) -> None:
    text = "Hamas released hostages on Friday; talks resume next week. Yesterday was calm."
    found = timexes(nlp, text, dct=None)
    assert [(t.text, t.value, t.relative, t.anchor) for t in found] == [
        ("Friday", None, "weekday:-1:FRI", None),
        ("next week", None, "week:+1", None),
        ("Yesterday", None, "offset:day:-1", None),
    ]
    # Once a date is known (a later issue infers it), the recipes give the values.
    assert [resolve(t.relative or "", DCT) for t in found] == [
        "2023-11-24",
        "2023-W49",
        "2023-11-27",
    ]
    # Absolute expressions need no date at all.
    assert one(nlp, "It ended on Jan 22, 2024.", "Jan 22, 2024", dct=None).value == "2024-01-22"


def test_anaphora_still_resolves_without_a_document_date(nlp: Any) -> None:
    text = "The deal was signed on March 3, 2020. The next day, markets rose."
    assert one(nlp, text, "The next day", dct=None).value == "2020-03-04"


# --- resolve(): the pure function ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "anchor", "value"),
    [
        ("weekday:-1:FRI", "2023-11-28", "2023-11-24"),
        ("weekday:+1:FRI", "2023-11-28", "2023-12-01"),
        ("weekday:0:SUN", "2023-11-28", "2023-11-26"),
        ("weekday:-1:TUE", "2023-11-28", "2023-11-28"),
        ("weekday:-1:TUE:strict", "2023-11-28", "2023-11-21"),
        ("offset:day:-1", "2024-01-01", "2023-12-31"),
        ("offset:week:-6", "2023-11-28", "2023-W42"),
        ("offset:year:-1:quarter", "2023-08-15", "2022-Q3"),
        ("week:0", "2023-01-01", "2022-W52"),
        ("month:-1", "2023-01-15", "2022-12"),
        ("quarter:+1", "2023-11-28", "2024-Q1"),
        ("year:+1", "2023-11-28", "2024"),
        ("decade:0", "2023-11-28", "202"),
        ("inyear:-1:10-07", "2023-11-28", "2023-10-07"),
        ("inyear:+1:01-20", "2023-11-28", "2024-01-20"),
        ("inyear:0:02", "2023-11-28", "2024-02"),
        ("inyear:-1:SU:strict", "2023-07-01", "2022-SU"),
        ("inyear:-1:Q3", "2023-11-28", "2023-Q3"),
        ("holiday:+1:THANKSGIVING", "2023-11-01", "2023-11-23"),
        ("holiday:-1:EASTER", "2024-06-01", "2024-03-31"),
        # feasts of the Islamic and Hebrew calendars move against the civil one
        ("holiday:-1:RAMADAN", "2024-03-05", "2024-03-11"),  # a deadline six days ahead
        ("holiday:+1:RAMADAN", "2024-04-20", "2025-03-01"),
        ("holiday:0:EID_AL_ADHA", "2024-06-20", "2024-06-16"),
        ("holiday:-1:SIMCHAT_TORAH", "2023-11-28", "2023-10-07"),
        ("holiday:+1:HANUKKAH", "2024-01-10", "2024-12-26"),
        ("holiday:-1:PURIM", "2024-05-01", "2024-03-24"),  # Adar II in a leap year
        ("holiday:+1:RAMADAN", "2030-02-01", "2030-12-26"),  # two Ramadans in 2030
        ("weekend:-1", "2023-11-28", "2023-W47-WE"),
        ("day:0@TEV", "2023-11-28", "2023-11-28TEV"),
        ("weekday:-1:FRI@T15:00", "2023-11-28", "2023-11-24T15:00"),
        ("year:-1@-Q2", "2023-11-28", "2022-Q2"),
        ("week:0", "2023-W48", "2023-W48"),
    ],
)
def test_resolve(relative: str, anchor: str, value: str) -> None:
    assert resolve(relative, anchor) == value


@pytest.mark.parametrize("relative", ["fortnightly:1", "weekday:-1:XYZ", "offset:day", "week:x"])
def test_resolve_rejects_bad_recipes(relative: str) -> None:
    with pytest.raises(RelativeError):
        resolve(relative, DCT)


def test_parse_date_reads_every_granularity() -> None:
    starts = {v: parse_date(v).isoformat() for v in ("2013-W12", "2013-Q2", "2013-SU", "199", "20")}
    assert starts == {
        "2013-W12": "2013-03-18",
        "2013-Q2": "2013-04-01",
        "2013-SU": "2013-06-01",
        "199": "1990-01-01",
        "20": "2000-01-01",
    }


def test_numbers_and_duration_values() -> None:
    assert [number_value(w) for w in ("twenty-five", "a couple of", "1 1/2", "one hundred")] == [
        25,
        2,
        1.5,
        100,
    ]
    assert duration_value(2.5, "year") == "P2Y6M"
    assert duration_value(None, "decade") == "PXDE"
    assert duration_value(3, "hour") == "PT3H"


def test_dateparser_reads_only_complete_written_dates() -> None:
    assert absolute_value("22.03.2013") == ("2013-03-22", "day")
    assert absolute_value("March 2013") == ("2013-03", "month")
    assert absolute_value("next spring") == (None, "none")
    assert absolute_value("the season") == (None, "none")


def test_component_without_entities_and_factory_config(nlp: Any) -> None:
    assert TimeComponent(use_entities=False).use_entities is False
    assert nlp.get_pipe_meta("storyline_time").default_config == {
        "use_entities": True,
        "keep_unresolved": False,
    }
