"""Stated metadata: headers, bylines, URLs, dates. Nothing is ever invented."""

from __future__ import annotations

import pytest

from storyline.clean.boilerplate import clean_lines
from storyline.clean.dates import parse_stated_date
from storyline.clean.metadata import (
    author_from_byline,
    date_from_url,
    language_code,
    looks_like_title,
    outlet_from_lines,
    outlet_from_url,
    read_header,
)
from storyline.types import RemovedLine


def test_date_language_header_line() -> None:
    header = read_header("date 2023-11-28 English\nTruce holds\nBody text here.")
    assert header.fields == {"published": "2023-11-28", "language": "English"}
    assert header.body.startswith("Truce holds")
    assert header.removed[0].reason == "metadata_header"


def test_key_value_header_block() -> None:
    header = read_header(
        "Date: November 28, 2023\nAuthor: Sami Haddad\n\nThe truce held overnight."
    )
    assert header.fields == {"published": "November 28, 2023", "author": "Sami Haddad"}
    assert header.body.strip() == "The truce held overnight."
    assert header.source == "header"


def test_front_matter_counts_as_metadata() -> None:
    header = read_header("---\ntitle: Talks resume\npublished: 2024-01-12\n---\nBody.")
    assert header.fields["title"] == "Talks resume"
    assert header.source == "metadata"
    assert header.body.strip() == "Body."


def test_prose_starting_with_a_colon_phrase_is_not_a_header() -> None:
    text = "Note: mediators met again on Friday in Cairo, officials said.\nMore text."
    assert read_header(text).fields == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-25", "2024-01-25"),
        ("2023-11-28T09:30:00+02:00", "2023-11-28"),
        ("November 28, 2023", "2023-11-28"),
        ("Tue, 28 Nov 2023 10:00:00 GMT", "2023-11-28"),
        ("28 novembre 2023", "2023-11-28"),
        ("on Friday", None),
        ("2023-02-30", None),
        (None, None),
    ],
)
def test_parse_stated_date(value: object, expected: str | None) -> None:
    assert parse_stated_date(value) == expected


def test_bylines() -> None:
    assert author_from_byline("By Dana Levin") == ("Dana Levin", None)
    assert author_from_byline("Dana LevinDiplomatic Correspondent, Jerusalem Ledger | @dl") == (
        "Dana Levin",
        "Jerusalem Ledger",
    )


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("CASPIAN WIRE NEWS DESK", "Caspian Wire"),
        ("By the Harbour Post staff", "Harbour Post"),
        ("Foreign desk", None),  # a section, not an outlet
        ("By our Middle East desk", None),
    ],
)
def test_desk_credits_name_the_outlet(line: str, outlet: str | None) -> None:
    assert author_from_byline(line) == (None, outlet)
    assert [
        r.reason for r in clean_lines(f"{line}\n\nThe talks resumed in Doha on Monday.").removed
    ] == ["byline"]


def test_outlets_and_url_dates() -> None:
    assert outlet_from_url("https://www.gulfdispatch.example/a/b") == "gulfdispatch.example"
    assert date_from_url("https://x.example/2023/11/24/truce-begins") == "2023-11-24"
    assert date_from_url("https://x.example/2023/13/24/x") is None
    assert date_from_url("https://x.example/news/truce") is None
    note = RemovedLine("This story has not been edited by Bharat NewsWire staff.", "syndication")
    assert outlet_from_lines([note]) == "Bharat NewsWire"


def test_titles_and_languages() -> None:
    assert looks_like_title("Truce extended by two days", "Body.")
    assert not looks_like_title("The truce was extended by two days on Monday.", "Body.")
    assert not looks_like_title("A lone line", None)
    assert language_code("English") == "en"
    assert language_code("fr-FR") == "fr"
    assert language_code("Klingon") is None
