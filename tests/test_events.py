"""storyline_events on sentences written for these tests (not taken from any benchmark)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from storyline.nlp import events as events_module
from storyline.nlp.events_lexicon import load_lexicon
from storyline.nlp.models import model_location
from storyline.nlp.records import Event, Mention, Timex

RU_UA = "prisoner-exchange-ru-ua"


@pytest.fixture(scope="session")
def nlp() -> Language:
    assert events_module.EventExtractor  # the import registers the factory
    model = spacy.load(model_location("en_core_web_sm"))
    model.add_pipe("storyline_events")  # default pack: hostage-talks
    return model


@pytest.fixture(scope="session")
def events(nlp: Language) -> Callable[[str], list[Event]]:
    return lambda text: nlp(text)._.sl_events


def only(found: list[Event], type_: str) -> Event:
    matching = [e for e in found if e.type == type_]
    assert len(matching) == 1, [(e.type, e.trigger) for e in found]
    return matching[0]


# --- domain types -----------------------------------------------------------------------------

DOMAIN_CASES = [
    ("Qatari mediators held talks with Hamas officials in Doha.", "talks_held", "CONSULT"),
    ("Indirect negotiations resumed last weekend.", "talks_held", "CONSULT"),
    ("Hamas suspended the negotiations.", "talks_suspended", "SANCTION"),
    ("Egypt proposed a new framework for a truce.", "proposal_made", "AGREE"),
    ("Israel accepted the Egyptian proposal.", "proposal_accepted", "AGREE"),
    ("Hamas rejected the proposal.", "proposal_rejected", "REJECT"),
    ("Israel and Hamas reached a deal.", "deal_reached", "AGREE"),
    ("The truce took effect on Friday morning.", "truce_start", "RETREAT"),
    ("The truce was extended by two days.", "truce_extension", "RETREAT"),
    ("Qatar welcomed the extension of the truce.", "truce_extension", "RETREAT"),
    ("The ceasefire collapsed.", "truce_end", "SANCTION"),
    ("Hamas released 24 hostages.", "hostage_release", "RETREAT"),
    ("The release of 50 hostages began in the afternoon.", "hostage_release", "RETREAT"),
    ("Israel freed 39 Palestinian prisoners.", "prisoner_release", "RETREAT"),
    ("Aid trucks entered Gaza through the Rafah crossing.", "aid_entry", "RETREAT"),
]


@pytest.mark.parametrize(("text", "type_", "plover"), DOMAIN_CASES)
def test_domain_type_and_plover_root(
    events: Callable[[str], list[Event]], text: str, type_: str, plover: str
) -> None:
    event = only(events(text), type_)
    assert event.plover_type == plover
    assert event.status == "occurred"
    assert not event.negated


def test_modes_come_from_the_pack(events: Callable[[str], list[Event]]) -> None:
    assert only(events("Hamas released 24 hostages."), "hostage_release").plover_mode == "release"
    aid = only(events("Aid trucks entered Gaza."), "aid_entry")
    assert (aid.plover_mode, aid.location) == ("access", "Gaza")


def test_generic_plover_types_still_apply(events: Callable[[str], list[Event]]) -> None:
    accuse = only(events("The ministry condemned the attack on the convoy."), "ACCUSE")
    assert (accuse.plover_type, accuse.plover_mode) == ("ACCUSE", "disapprove")
    assert only(events("Police arrested dozens of demonstrators."), "COERCE").plover_mode == (
        "arrest"
    )
    threat = only(events("The army threatened to attack the city."), "THREATEN")
    assert threat.plover_mode == "violence"


def test_statement_release_is_not_a_release(events: Callable[[str], list[Event]]) -> None:
    found = events("The prime minister's office released a statement on Sunday.")
    assert not [e for e in found if e.plover_type == "RETREAT"]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry declined to comment on the report.",
        "A council member, who declined to be named, said the vote would slip.",
        "The embassy refused to elaborate.",
        "The mayor's office did not respond to a request for comment.",
        "When asked for comment, the company said it was reviewing the case.",
    ],
)
def test_a_reporter_s_sourcing_lines_are_not_events(
    events: Callable[[str], list[Event]], text: str
) -> None:
    assert not [e for e in events(text) if e.plover_type in ("REJECT", "REQUEST")]


def test_refusing_or_asking_for_something_else_is_still_an_event(
    events: Callable[[str], list[Event]],
) -> None:
    assert only(events("The governor declined to extend the deadline."), "REJECT")
    assert only(events("The union asked for a meeting with the mayor."), "REQUEST")


# --- status -----------------------------------------------------------------------------------

STATUS_CASES = [
    ("The hostages will be released on Thursday.", "hostage_release", "planned"),
    ("Qatari mediators are set to meet Hamas officials in Doha.", "talks_held", "planned"),
    ("Under the proposal, Israel would free 150 Palestinian prisoners.", "prisoner_release",
     "proposed"),
    ("Hamas is demanding the release of 36 Palestinian prisoners.", "prisoner_release",
     "proposed"),
    ("Hamas denied reports that it had suspended the talks.", "talks_suspended", "denied"),
    ("The truce will be extended if Hamas releases ten more hostages.", "truce_extension",
     "conditional"),
    ("The truce will be extended if Hamas releases ten more hostages.", "hostage_release",
     "conditional"),
    ("Hamas said it had released 13 hostages.", "hostage_release", "claimed"),
    ("Egypt is holding talks with both sides.", "talks_held", "ongoing"),
    ("Hamas released 24 hostages on Friday.", "hostage_release", "occurred"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "type_", "status"), STATUS_CASES)
def test_status(events: Callable[[str], list[Event]], text: str, type_: str, status: str) -> None:
    assert only(events(text), type_).status == status


def test_an_event_doing_the_focusing_has_happened(events: Callable[[str], list[Event]]) -> None:
    # "focus", "discuss", "seek" make their complement proposed, never their own subject.
    protest = only(events("The protests focused mainly on the rent increases."), "PROTEST")
    assert protest.status == "occurred"
    release = only(events("The plan focused on the release of the prisoners."), "prisoner_release")
    assert release.status == "proposed"


def test_what_follows_from_a_recommendation_is_not_what_was_recommended(
    events: Callable[[str], list[Event]],
) -> None:
    # "recommend" asks for its object; a participle clause hung on it tells what followed
    text = (
        "The council recommended the accord on Friday, opening the way for the truce to begin "
        "on Sunday."
    )
    truce = only(events(text), "truce_start")
    assert truce.status != "proposed", truce


@pytest.mark.parametrize(
    "text",
    [
        "A judge ordered the army to stop the shelling of the port.",
        "The governor instructed the troops to halt the offensive near the camps.",
        "The envoy told the militia to end the attacks on the convoys.",
    ],
)
def test_what_someone_is_ordered_to_do_has_not_happened(
    events: Callable[[str], list[Event]], text: str
) -> None:
    # A directive ("order", "instruct", "tell X to") asks for its complement; it does not
    # report it, so the complement is proposed, not occurred.
    found = [e for e in events(text) if e.plover_type in {"RETREAT", "CONCEDE"}]
    assert [e.status for e in found] == ["proposed"], [(e.trigger, e.status) for e in found]


def test_an_object_after_the_infinitive_does_not_control_it(
    events: Callable[[str], list[Event]],
) -> None:
    # The parse hangs "withdrawal" on "keeps": it is demanded, it does not demand.
    text = (
        "The militia chief keeps demanding the end of the blockade, the withdrawal of the "
        "troops from the hills and the return of the land."
    )
    assert only(events(text), "REQUEST").actor == "militia chief"


@pytest.mark.parametrize(
    "text",
    [
        "The damage to the bridge prompted several calls to halt the offensive.",
        "The destruction of the bridge brought about calls to halt the offensive.",
    ],
)
def test_an_event_noun_is_never_an_actor(events: Callable[[str], list[Event]], text: str) -> None:
    assert only(events(text), "RETREAT").actor is None


@pytest.mark.parametrize(
    "text",
    [
        "The governor promised 'hell to pay' if the convoy was touched.",
        "The minister vowed swift retribution against the smugglers.",
        "The commander promised severe consequences for any breach.",
    ],
)
def test_promising_harm_is_a_threat(events: Callable[[str], list[Event]], text: str) -> None:
    assert "THREATEN" in [e.plover_type for e in events(text)]
    assert "AGREE" not in [e.plover_type for e in events(text)]


def test_a_hostile_act_naming_a_deal_is_its_topic(events: Callable[[str], list[Event]]) -> None:
    # "a kidnapping deal" is a deal about the kidnapped, not a proposed kidnapping; "a prisoner
    # release deal" does propose the release.
    assert not [
        e
        for e in events("They want to close the kidnapping deal now.")
        if e.trigger == "kidnapping"
    ]
    found = events("They want to close the prisoner release deal now.")
    assert only(found, "prisoner_release").status == "proposed"


def test_planned_cooperation_is_coded_agree(events: Callable[[str], list[Event]]) -> None:
    """PLOVER manual 3.1: a future meeting is an intention (AGREE); 3.4: a future release is
    CONCEDE. The domain type stays."""
    meeting = only(events("Qatari mediators will meet Hamas officials."), "talks_held")
    assert (meeting.status, meeting.plover_type) == ("planned", "AGREE")
    release = only(events("The hostages will be released on Thursday."), "hostage_release")
    assert release.plover_type == "CONCEDE"


def test_one_side_claims_but_a_mediator_reports(events: Callable[[str], list[Event]]) -> None:
    claimed = only(events("Hamas said it had released 13 hostages."), "hostage_release")
    assert (claimed.attributed_to, claimed.actor) == ("Hamas", "Hamas")
    reported = only(events("Qatar said 13 hostages were released."), "hostage_release")
    assert (reported.status, reported.attributed_to) == ("occurred", "Qatar")


# --- negation and attribution ---------------------------------------------------------------


def test_no_deal_was_reached_is_negated(events: Callable[[str], list[Event]]) -> None:
    assert only(events("No deal was reached during the meeting."), "deal_reached").negated


def test_not_released_is_negated(events: Callable[[str], list[Event]]) -> None:
    event = only(events("Hamas did not release any hostages."), "hostage_release")
    assert event.negated and event.actor == "Hamas"


def test_would_not_resume_is_negated_and_conditional(
    events: Callable[[str], list[Event]],
) -> None:
    text = "A Hamas official said the group would not resume talks as long as the war continues."
    event = only(events(text), "talks_held")
    assert event.negated
    assert event.status == "conditional"
    assert event.attributed_to == "Hamas official"


def test_according_to(events: Callable[[str], list[Event]]) -> None:
    event = only(events("According to Qatar, the talks were suspended."), "talks_suspended")
    assert event.attributed_to == "Qatar"


def test_reported_speech_by_a_side_is_claimed(events: Callable[[str], list[Event]]) -> None:
    text = "The Israeli military said troops rescued two hostages in Rafah."
    event = only(events(text), "hostage_release")
    assert (event.subtype, event.plover_type) == ("rescue", "AID")  # manual 3.6: rescues are AID
    assert (event.status, event.attributed_to, event.location) == (
        "claimed",
        "Israeli military",
        "Rafah",
    )


# --- participants, place, date, evidence -----------------------------------------------------


def test_actor_recipient_location(events: Callable[[str], list[Event]]) -> None:
    event = only(events("Qatari mediators met Hamas officials in Doha."), "talks_held")
    assert (event.actor, event.recipient, event.location) == (
        "Qatari mediators",
        "Hamas officials",
        "Doha",
    )


def test_parties_of_a_truce_are_its_actors(events: Callable[[str], list[Event]]) -> None:
    text = "The ceasefire between Israel and Hamas went into effect on Friday."
    assert only(events(text), "truce_start").actor == "Israel, Hamas"


def test_date_comes_from_the_time_component(nlp: Language) -> None:
    text = "Hamas released 24 hostages on Friday, officials said on Saturday."
    with nlp.select_pipes(disable=["storyline_events"]):
        doc = nlp(text)
    friday, saturday = text.index("Friday"), text.index("Saturday")
    doc._.sl_timexes = [
        Timex(friday, friday + 6, "Friday", "DATE", "2023-11-24", "day"),
        Timex(saturday, saturday + 8, "Saturday", "DATE", "2023-11-25", "day"),
    ]
    event = only(nlp.get_pipe("storyline_events")(doc)._.sl_events, "hostage_release")
    # The reporting date (Saturday) is not the event's date.
    assert (event.date, event.date_text, event.date_granularity) == ("2023-11-24", "Friday", "day")
    assert event.attributed_to == "officials"


def test_no_time_component_means_no_date(events: Callable[[str], list[Event]]) -> None:
    event = only(events("Hamas released 24 hostages on Friday."), "hostage_release")
    assert event.date is None and event.date_text is None


def test_actor_keys_from_mentions(nlp: Language) -> None:
    text = "The Israeli army freed 39 Palestinian prisoners."
    with nlp.select_pipes(disable=["storyline_events"]):
        doc = nlp(text)
    doc._.sl_mentions = [Mention(0, 16, "The Israeli army", "ORG", "idf")]
    event = only(nlp.get_pipe("storyline_events")(doc)._.sl_events, "prisoner_release")
    assert event.actor == "idf"


def test_evidence_is_the_sentence(nlp: Language) -> None:
    text = "Talks stalled for weeks. Then the truce was extended by two days on Monday."
    doc = nlp(text)
    event = only(doc._.sl_events, "truce_extension")
    assert doc.text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.evidence.text.startswith("Then the truce")
    assert event.trigger == "extended"


def test_empty_and_eventless_docs(events: Callable[[str], list[Event]]) -> None:
    assert events("") == []
    assert events("The weather in Doha was mild.") == []


# --- packs ------------------------------------------------------------------------------------


def test_second_pack_detects_a_prisoner_exchange_without_code() -> None:
    model = spacy.load(model_location("en_core_web_sm"))
    model.add_pipe("storyline_events", config={"pack": RU_UA})
    text = "Russia and Ukraine swapped 95 prisoners of war each, the Russian defence ministry said."
    event = only(model(text)._.sl_events, "prisoner_exchange")
    assert (event.plover_type, event.plover_mode, event.subtype) == (
        "RETREAT",
        "release",
        "exchange",
    )
    assert event.actor == "Russia, Ukraine"
    assert event.status == "claimed"  # one side (Russia) reports it
    bodies = model("Ukraine returned the bodies of 500 soldiers.")._.sl_events
    assert only(bodies, "body_repatriation").plover_mode == "return"


def test_pack_from_a_folder(tmp_path: Path, nlp: Language) -> None:
    pack = tmp_path / "embassies"
    pack.mkdir()
    (pack / "events.yaml").write_text(
        "types:\n"
        "  embassy_reopening:\n"
        "    plover: SUPPORT\n"
        "    triggers:\n"
        "      - verbs: [reopen]\n"
        "        theme: [embassy]\n",
        encoding="utf-8",
    )
    extractor = events_module.EventExtractor(str(pack))
    with nlp.select_pipes(disable=["storyline_events"]):
        doc = nlp("France reopened its embassy in Kyiv. Protesters gathered outside.")
    found = extractor(doc)._.sl_events
    assert [(e.type, e.actor, e.location) for e in found][0] == (
        "embassy_reopening",
        "France",
        "Kyiv",
    )
    assert found[1].plover_type == "PROTEST"  # the generic PLOVER pack still applies


def test_bad_pack_is_reported(tmp_path: Path) -> None:
    pack = tmp_path / "bad"
    pack.mkdir()
    (pack / "events.yaml").write_text(
        "types:\n  x:\n    plover: NEGOTIATE\n    triggers: [{verbs: [talk]}]\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="not a PLOVER type"):
        load_lexicon(str(pack))


def test_generic_pack_loads_alone() -> None:
    lexicon = load_lexicon("plover")
    assert {rule.plover for rule in lexicon.rules} >= {"AGREE", "ASSAULT", "RETREAT", "REQUEST"}
    assert all(rule.type == rule.plover for rule in lexicon.rules)
