"""Offices as dating clues (storyline.story.dating_roles) and the story-span prior with few
dated articles: a small pack of our own, hand-made records, no model."""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.nlp.actors_pack import build_pack
from storyline.story.dating import KnownEvent, infer_date, outside_cost
from storyline.story.dating_roles import role_spans

PACK = build_pack({
    "actors": [
        {"key": "usa", "name": "United States", "type": "state", "aliases": ["US", "U.S."],
         "demonyms": ["American"]},
        {"key": "ruritania", "name": "Ruritania", "type": "state", "demonyms": ["Ruritanian"]},
        {"key": "ruri-intel", "name": "Ruritanian Intelligence Service", "type": "government",
         "parent": "ruritania", "aliases": ["RIS"]},
        {"key": "ann-vale", "name": "Ann Vale", "type": "person", "roles": [
            {"role": "US vice president", "org": "usa", "from": "2009-01-20", "to": "2017-01-20"},
            {"role": "US president", "org": "usa", "from": "2021-01-20", "to": "2025-01-20"}]},
        {"key": "bo-reed", "name": "Bo Reed", "type": "person", "roles": [
            {"role": "US president-elect", "org": "usa", "from": "2024-11-06", "to": "2025-01-20"},
            {"role": "US president", "org": "usa", "from": "2025-01-20"}]},
        {"key": "cy-moss", "name": "Cy Moss", "type": "person", "roles": [
            {"role": "RIS director", "org": "ruri-intel", "from": "2021-06"}]},
    ],
})  # fmt: skip


def actor(key: str, *roles: str) -> dict[str, Any]:
    return {"key": key, "name": key, "type": "person",
            "roles": [{"role": r, "as_of": None} for r in roles]}  # fmt: skip


def spans_of(key: str, role: str) -> list[tuple[date | None, date | None]]:
    found = role_spans([actor(key, role)], PACK)
    return [s for r in found for s in r.spans]


def test_an_office_elect_is_not_the_office() -> None:
    assert spans_of("bo-reed", "US president-elect") == [(date(2024, 11, 6), date(2025, 1, 20))]
    assert spans_of("bo-reed", "the American president") == [(date(2025, 1, 20), None)]


def test_the_most_specific_office_wins_and_organisation_words_are_optional() -> None:
    # "president" is in both of her offices; "vice" only in one, so a plain "president" is
    # the presidency, and the vice presidency needs its own word
    assert spans_of("ann-vale", "current president") == [(date(2021, 1, 20), date(2025, 1, 20))]
    assert spans_of("ann-vale", "Vice President") == [(date(2009, 1, 20), date(2017, 1, 20))]
    # chief, head, leader and director are one word; the service's name may be left out
    assert spans_of("cy-moss", "head of the Ruritanian spy service") == [(date(2021, 6, 1), None)]


def test_former_and_unknown_offices_say_nothing() -> None:
    assert spans_of("bo-reed", "former US president") == []
    assert spans_of("ann-vale", "ex-president") == []
    assert spans_of("cy-moss", "ambassador") == []
    assert role_spans([actor("nobody", "US president")], PACK) == []


def test_an_office_elect_picks_the_year_the_weekdays_cannot() -> None:
    # "Reed, the US president-elect, said on Saturday ... before the inauguration on January
    # 20": Saturdays and a coming January 20 fit January 2024 as well as January 2025; the
    # one dated article of the story is from January 2024.
    timexes = [
        {"text": "Saturday", "start": 40, "end": 48, "type": "DATE", "value": None,
         "relative": "weekday:-1:SAT", "anchor": None},
        {"text": "January 20", "start": 90, "end": 100, "type": "DATE", "value": None,
         "relative": "inyear:+1:01-20", "anchor": None},
    ]  # fmt: skip
    known = [KnownEvent("talks_held", "2024-01-24", frozenset({"usa"}), "d1", "2024-01-25")]
    alone = infer_date(timexes, [], known)
    roles = role_spans([actor("bo-reed", "US president-elect")], PACK)
    dated = infer_date(timexes, [], known, roles=roles)
    assert alone.date is not None and alone.date.startswith("2024-01")
    assert dated.date is not None and "2024-11-06" <= dated.date <= "2025-01-20"
    # the Saturday named is the day itself or the day before
    assert date.fromisoformat(dated.date).isoweekday() in (6, 7)
    assert any("president-elect" in line for line in dated.evidence)


def test_a_story_span_from_few_articles_is_a_gentle_prior() -> None:
    span = (date(2024, 1, 25), date(2024, 1, 25))
    far = date(2025, 1, 11)
    assert outside_cost(span, date(2024, 2, 1), 1) == 0.0  # inside the span and its margin
    few, many = outside_cost(span, far, 1), outside_cost(span, far, 40)
    assert few < 2.0 < many  # one article cannot say the story stayed within its month
    assert outside_cost(span, far, 3) > few  # and the more articles, the firmer
