"""Line rules: boilerplate goes with a reason, body lines stay (written in our own words)."""

from __future__ import annotations

import pytest

from storyline.clean.boilerplate import clean_lines

BODY = [
    "Negotiators met in Doha on Tuesday to discuss a second exchange of captives and prisoners.",
    "The prime minister said he would share the proposal with the cabinet on Sunday evening.",
    "Officials said a photo of the meeting was shared widely, but declined to comment further.",
    "Subscribers to the mediator's plan include Egypt, which hosted the previous round.",
]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("4 min read", "read_time"),
        ("Reading time: 3 minutes", "read_time"),
        ("Share this article", "widget"),
        ("LEAVE A REPLY", "widget"),
        ("Please enter your name here", "widget"),
        ("Sign up for our daily briefing", "widget"),
        ("Read more: Truce talks stall in Cairo", "related_link"),
        ("ALSO READ | Hostage families march on Jerusalem", "related_link"),
        (
            "This story was auto-generated from a syndicated feed and not edited by our staff.",
            "syndication",
        ),
        ("(MPA Photo/Sara Cohen)", "photo_credit"),
        ("Noa Levi / Government Press Office", "photo_credit"),
        ("© 2024 Meridian Press Agency. All rights reserved.", "footer"),
        ("Harbour Times | World | Reads: 12,480", "widget"),
        ("Opinion | 6 min read", "widget"),
        ("Mediators arrive in Doha (Image)", "caption"),  # a Markdown image's alt text
    ],
)
def test_boilerplate_lines_are_removed_with_reason(line: str, reason: str) -> None:
    cleaned = clean_lines("\n".join([BODY[0], BODY[1], line, BODY[2], BODY[3]]))
    assert [(r.line, r.reason) for r in cleaned.removed] == [(line, reason)]
    assert cleaned.text.split("\n\n") == BODY


def test_body_lines_that_mention_widgets_are_kept() -> None:
    cleaned = clean_lines("\n".join(BODY))
    assert cleaned.removed == ()
    assert cleaned.text.split("\n\n") == BODY
    # a sentence with bars in it is no strip of page furniture
    table = "The vote split the cabinet | 7 for and 4 against | with 2 abstaining."
    assert clean_lines(table).removed == ()


def test_caption_repeated_with_credit_glued_on() -> None:
    caption = "Relatives hold portraits of the captives outside the defence ministry in Tel Aviv"
    text = "\n".join([BODY[0], caption, caption + "Reuters/File", BODY[1]])
    cleaned = clean_lines(text)
    assert [r.reason for r in cleaned.removed] == ["caption", "caption"]
    assert cleaned.text.split("\n\n") == BODY[:2]


def test_caption_ending_with_bracketed_credit() -> None:
    line = "Trucks carrying aid wait at the Rafah crossing [Getty/archive]"
    cleaned = clean_lines("\n".join([BODY[0], line, BODY[1]]))
    assert [(r.line, r.reason) for r in cleaned.removed] == [(line, "caption")]


def test_byline_only_near_the_top_and_blurb_only_near_the_end() -> None:
    byline = "Dana LevinDiplomatic Correspondent, Jerusalem Ledger | @danalevin"
    blurb = "Dana Levin is the diplomatic correspondent of the Jerusalem Ledger."
    cleaned = clean_lines("\n".join([byline, *BODY, blurb]))
    assert [r.reason for r in cleaned.removed] == ["byline", "author_blurb"]
    assert cleaned.text.split("\n\n") == BODY


def test_date_header_line_is_metadata() -> None:
    cleaned = clean_lines("date 2023-11-28 English\n" + BODY[0])
    assert [r.reason for r in cleaned.removed] == ["metadata_header"]


def test_only_an_immediate_repeat_of_a_short_line_is_dropped() -> None:
    cleaned = clean_lines("\n".join([BODY[0], "Gaza", "Gaza", BODY[1], "Gaza"]))
    assert [(r.line, r.reason) for r in cleaned.removed] == [("Gaza", "empty_repeat")]
    assert cleaned.text.split("\n\n") == [BODY[0], "Gaza", BODY[1], "Gaza"]


@pytest.mark.parametrize(
    "line",
    [
        "The group's campaign (which began in 2016 -- well before the war) drew wide support.",
        "Dates and apples were handed out (Graphic: aid deliveries by week - here)",
        "The disease first appeared in 2014, when families fleeing the fighting crossed the border.",
    ],
)
def test_prose_that_resembles_credits_or_notes_is_kept(line: str) -> None:
    assert clean_lines("\n".join([BODY[0], line, BODY[1]])).removed == ()


def test_every_input_line_is_kept_or_accounted_for() -> None:
    lines = [BODY[0], "3 min read", "Share", BODY[1], "Post a Comment", BODY[2]]
    cleaned = clean_lines("\n".join(lines))
    kept = cleaned.text.split("\n\n")
    assert sorted(kept + [r.line for r in cleaned.removed]) == sorted(lines)
