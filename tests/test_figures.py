"""storyline_figures on sentences written for these tests: values, hedges, counted things,
categories, sources, status, dates, and the numbers that are not story figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy

from storyline.nlp.extensions import ensure_extensions
from storyline.nlp.figures import FiguresComponent, is_story_figure
from storyline.nlp.figures_context import FigureLexicon
from storyline.nlp.figures_numbers import (
    make_range,
    parse_digits,
    qualify,
    read_token,
    vague_amount,
    words_value,
)
from storyline.nlp.records import Figure, Timex
from storyline.packs import load_pack_file


@pytest.fixture(scope="session")
def nlp() -> Iterator[Any]:
    import storyline.nlp.figures  # noqa: F401  (registers the factory)
    from storyline.nlp.models import ModelUnavailable, model_location

    try:
        model = spacy.load(model_location("en_core_web_sm"))
    except ModelUnavailable as exc:
        pytest.skip(str(exc))
    model.add_pipe("storyline_figures")
    yield model


def run(
    nlp: Any, text: str, doc_date: str | None = None, timexes: list[Timex] | None = None
) -> Any:
    """The Doc after the pipeline, with the document date (and time expressions) set first."""
    ensure_extensions()
    doc = nlp.make_doc(text)
    doc._.sl_doc_date = doc_date
    doc._.sl_timexes = timexes
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def figures(nlp: Any, text: str, **kwargs: Any) -> list[Figure]:
    return list(run(nlp, text, **kwargs)._.sl_figures)


def one(nlp: Any, text: str, evidence: str, **kwargs: Any) -> Figure:
    found = [f for f in figures(nlp, text, **kwargs) if f.evidence.text == evidence]
    assert len(found) == 1, [f.evidence.text for f in figures(nlp, text, **kwargs)]
    return found[0]


# --- values and hedges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "value", "low", "high", "qualifier"),
    [
        ("Hamas took nearly 250 hostages.", "nearly 250", 250, None, 250, "approx"),
        ("Some 50 hostages were freed.", "Some 50", 50, None, None, "approx"),
        ("More than 1,200 people were killed.", "More than 1,200", 1200, 1200, None, "more_than"),
        ("Dozens of people were wounded.", "Dozens", None, 24, 99, "approx"),
        ("Hundreds of trucks of aid entered Gaza.", "Hundreds", None, 200, 999, "approx"),
        ("Between 100 to 105 hostages were released.", "Between 100 to 105", None, 100, 105, "range"),
        ("Between 30 and 40 trucks of aid crossed.", "Between 30 and 40", None, 30, 40, "range"),
        ("The war has killed 46,500 people.", "46,500", 46500, 46500, 46500, "exact"),
        ("Two hostages were released.", "Two", 2, 2, 2, "exact"),
        ("Forty-nine hostages remain in Gaza.", "Forty-nine", 49, 49, 49, "exact"),
        ("A dozen trucks arrived.", "A dozen", 12, 12, 12, "exact"),
        ("At least 10 hostages were released.", "At least 10", 10, 10, None, "at_least"),
        ("Up to 20 hostages could be freed.", "Up to 20", 20, None, 20, "up_to"),
        ("Fewer than 10 hostages are children.", "Fewer than 10", 10, None, 10, "fewer_than"),
        ("About 240 hostages are held.", "About 240", 240, None, None, "approx"),
        ("Roughly 1,000 people died.", "Roughly 1,000", 1000, None, None, "approx"),
        ("An estimated 2.5 million people fled.", "An estimated 2.5 million", 2.5e6, None, None,
         "approx"),
        ("Israel freed 1,200 or more prisoners.", "1,200 or more", 1200, 1200, None, "at_least"),
    ],
)  # fmt: skip
def test_values_and_hedges(
    nlp: Any,
    text: str,
    evidence: str,
    value: float | None,
    low: float | None,
    high: float | None,
    qualifier: str,
) -> None:
    figure = one(nlp, text, evidence)
    assert (figure.value, figure.low, figure.high, figure.qualifier) == (
        value,
        low,
        high,
        qualifier,
    )
    assert figure.kind == "count"


def test_a_third_of_is_a_fraction(nlp: Any) -> None:
    figure = one(nlp, "A third of the hostages are believed dead.", "A third")
    assert figure.value == pytest.approx(1 / 3)
    assert (figure.kind, figure.unit, figure.counted) == ("other", "fraction", "hostages")
    assert figure.category == "hostages_dead"


def test_money_and_percent(nlp: Any) -> None:
    money = one(nlp, "Qatar pledged $2.5 billion in aid.", "$2.5 billion")
    assert (money.value, money.kind, money.unit, money.category) == (
        2.5e9,
        "money",
        "dollar",
        "money",
    )
    assert money.counted == "aid"
    share = one(nlp, "Prices rose 15% in a week.", "15%")
    assert (share.value, share.kind, share.unit) == (15, "percent", "percentage")


# --- what is counted and its category -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "counted", "category"),
    [
        ("Some 50 hostages were freed in exchange for 150 Palestinian prisoners.", "150",
         "Palestinian prisoners", "prisoners_released"),
        ("Some 50 hostages were freed in exchange for 150 Palestinian prisoners.", "Some 50",
         "hostages", "hostages_released"),
        ("Hundreds of trucks of aid entered Gaza.", "Hundreds", "trucks of aid", "aid"),
        ("The strike left 30 people killed.", "30", "people killed", "killed"),
        ("Under the deal, hostages would be freed over four days of truce.", "four",
         "days of truce", "truce_days"),
        ("The four-day truce began on Friday.", "four", "days of truce", "truce_days"),
        ("The truce was extended by two days.", "two", "days", "truce_days"),
        ("Dozens of people were wounded in the strike.", "Dozens", "people", "wounded"),
        # How many were taken, not how many are still held: that count falls, this one stays.
        ("Hamas took nearly 250 hostages.", "nearly 250", "hostages", "hostages_taken"),
        ("Gunmen took 120 people, of whom 40 remain in the hills.", "120", "people",
         "hostages_taken"),
        ("Gunmen took 120 people, of whom 40 remain in the hills.", "40", "people",
         "hostages_held"),
        # Let out of a jail: prisoners, whatever the counted noun says.
        ("The militia demands the release of 30 women and children from state jails.", "30",
         "women and children", "prisoners_released"),
        ("Forty-nine hostages remain in Gaza.", "Forty-nine", "hostages", "hostages_held"),
        ("The attack led to some 1,400 deaths.", "some 1,400", "deaths", "killed"),
        ("Israel released 39 Palestinian prisoners.", "39", "Palestinian prisoners",
         "prisoners_released"),
        ("The group has five offices in Doha.", "five", "offices", "other"),
    ],
)  # fmt: skip
def test_counted_and_category(
    nlp: Any, text: str, evidence: str, counted: str, category: str
) -> None:
    figure = one(nlp, text, evidence)
    assert (figure.counted, figure.category) == (counted, category)


@pytest.mark.parametrize(
    ("text", "evidence", "counted"),
    [
        ("Shares of the airline rose 4% on Tuesday.", "4%", "Shares of the airline"),
        ("Revenue climbed to $3.1 billion.", "$3.1 billion", "Revenue"),
        ("Exports fell 3% to $1.2 billion.", "3%", "Exports"),
        ("The new bridge will cost $40 million.", "$40 million", "new bridge"),
        ("The rebuilding fund, which is worth $2 billion, opened.", "$2 billion",
         "rebuilding fund"),
        ("A 12% tax on fuel began.", "12%", "tax"),
        ("Qatar paid $50 million for the release of the hostages.", "$50 million",
         "release of the hostages"),
        ("The city will spend $5 billion on new roads.", "$5 billion", "new roads"),
        # The payer is not what the money is: no counted thing rather than the wrong one.
        ("Qatar paid $50 million to the group.", "$50 million", None),
    ],
)  # fmt: skip
def test_a_share_or_sum_counts_what_it_is_the_amount_of(
    nlp: Any, text: str, evidence: str, counted: str | None
) -> None:
    assert one(nlp, text, evidence).counted == counted


def test_prisoners_whose_release_is_demanded_are_demanded(nlp: Any) -> None:
    text = "The militia demands the release of 30 women and children from state jails."
    figure = one(nlp, text, "30")
    assert (figure.category, figure.status) == ("prisoners_released", "demanded")


def test_a_bare_count_refers_back_to_the_last_counted_thing(nlp: Any) -> None:
    found = figures(nlp, "Forty-nine hostages remain in Gaza, of whom 34 are dead.")
    assert [(f.evidence.text, f.counted, f.category) for f in found] == [
        ("Forty-nine", "hostages", "hostages_held"),
        ("34", "hostages", "hostages_dead"),
    ]


def test_a_count_of_those_taken_declared_dead_is_of_dead_hostages(nlp: Any) -> None:
    # A relative clause without "that" after a bare number; the parse may hang it elsewhere.
    text = "Gunmen took 180 people, of whom 60 remain in the hills, including 20 the army has declared dead."
    found = [(f.evidence.text, f.counted, f.category) for f in figures(nlp, text)]
    assert found == [
        ("180", "people", "hostages_taken"),
        ("60", "people", "hostages_held"),  # not dead: the 20 are
        ("20", "people", "hostages_dead"),
    ]


def test_a_semicolon_ends_what_governs_a_count(nlp: Any) -> None:
    text = "The militia is holding 60 hostages; 20 of the hostages have been declared dead."
    found = [(f.evidence.text, f.category) for f in figures(nlp, text)]
    assert found == [("60", "hostages_held"), ("20", "hostages_dead")]


def test_one_of_the_most_ranks_and_counts_nothing(nlp: Any) -> None:
    text = (
        "It was one of the largest storms in a decade and one of its most costly weeks. "
        "One of the miners was rescued."
    )
    found = [(f.evidence.text, f.kind, f.counted) for f in figures(nlp, text)]
    assert found == [("one", "rank", None), ("one", "rank", None), ("One", "count", "miners")]
    assert not is_story_figure(figures(nlp, text)[0])


# --- numbers that are not story figures ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "kind"),
    [
        ("The 85-year-old woman was freed.", "85-year-old", "age"),
        ("A woman aged 85 was freed.", "85", "age"),
        ("The attack in 2023 changed the region.", "2023", "year"),
        ("The convoy arrived on October 7 with food.", "7", "date"),
        ("The convoy arrived at 3:30 p.m. with food.", "3:30 p.m.", "time"),
        ("The talks entered a third round.", "third", "ordinal"),
        ("Call 555-123-4567 for details.", "555-123-4567", "phone"),
        ("Call +972 3 555 1234 for details.", "+972 3 555 1234", "phone"),
        ("The file is dated 2023-11-24.", "2023-11-24", "date"),
    ],
)
def test_non_story_numbers_are_typed(nlp: Any, text: str, evidence: str, kind: str) -> None:
    figure = one(nlp, text, evidence)
    assert figure.kind == kind
    assert not is_story_figure(figure)
    assert (figure.counted, figure.category) == (None, "other")


def test_story_figures_beside_non_story_numbers(nlp: Any) -> None:
    found = figures(nlp, "The 2023 attack killed 1,200 people; call 555-123-4567 for help.")
    assert [(f.evidence.text, f.kind) for f in found] == [
        ("2023", "year"),
        ("1,200", "count"),
        ("555-123-4567", "phone"),
    ]
    assert [is_story_figure(f) for f in found] == [False, True, False]


# --- source, status, date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "source"),
    [
        ("The war has killed 46,500 people, according to the Gaza Health Ministry.", "46,500",
         "the Gaza Health Ministry"),
        ("More than 1,200 people were killed, Israeli officials said.", "More than 1,200",
         "Israeli officials"),
        ("Figures from the health ministry show 14,800 people killed.", "14,800",
         "the health ministry"),
        ("The health ministry said 240 people were wounded.", "240", "The health ministry"),
        ("Two hostages were released on Friday.", "Two", None),
        ("He said 20 hostages were freed.", "20", None),
    ],
)  # fmt: skip
def test_attribution(nlp: Any, text: str, evidence: str, source: str | None) -> None:
    assert one(nlp, text, evidence).attributed_to == source


@pytest.mark.parametrize(
    ("text", "evidence", "status"),
    [
        ("Under the deal, 50 hostages would be released.", "50", "proposal"),
        ("Israel would free 150 prisoners as part of the agreement.", "150", "proposal"),
        ("Hamas demanded the release of 36 Palestinian prisoners.", "36", "demanded"),
        ("Israel released 39 Palestinian prisoners on Saturday.", "39", "reported"),
    ],
)
def test_status(nlp: Any, text: str, evidence: str, status: str) -> None:
    assert one(nlp, text, evidence).status == status


def test_as_of_is_the_document_date_without_a_time_expression(nlp: Any) -> None:
    text = "Two hostages were released."
    assert one(nlp, text, "Two", doc_date="2023-11-24").as_of == "2023-11-24"
    assert one(nlp, text, "Two").as_of is None


def test_as_of_is_a_dated_time_expression_of_the_sentence(nlp: Any) -> None:
    text = "Two hostages were released on Friday. Five more were freed."
    friday = Timex(34, 40, "Friday", "DATE", "2023-11-24")
    found = figures(nlp, text, doc_date="2023-11-26", timexes=[friday])
    assert [(f.evidence.text, f.as_of) for f in found] == [
        ("Two", "2023-11-24"),
        ("Five", "2023-11-26"),
    ]


def test_non_story_numbers_have_no_as_of(nlp: Any) -> None:
    assert one(nlp, "A woman aged 85 was freed.", "85", doc_date="2023-11-24").as_of is None


# --- offsets, the component, packs --------------------------------------------------------------

SEED_LIKE = (
    "Over the initial four-day pause, 50 Israeli hostages were freed in return for 150 "
    "Palestinian prisoners held by Israel.\n“We are hopeful that in the next 48 hours we will "
    "know more,” Al Ansari said. The war had claimed the lives of over 15,000 people, and the "
    "attack on October 7 led to some 1,400 deaths. Call +972 3 555 1234."
)


def test_offsets_point_into_the_text(nlp: Any) -> None:
    doc = run(nlp, SEED_LIKE, doc_date="2023-11-28")
    found = doc._.sl_figures
    assert len(found) >= 8
    for figure in found:
        assert doc.text[figure.evidence.start : figure.evidence.end] == figure.evidence.text
        assert figure.sentence is not None
        assert doc.text[figure.sentence.start : figure.sentence.end] == figure.sentence.text
        assert figure.sentence.start <= figure.evidence.start < figure.sentence.end
    starts = [f.evidence.start for f in found]
    assert starts == sorted(starts)


def test_seed_like_text(nlp: Any) -> None:
    doc = run(nlp, SEED_LIKE, doc_date="2023-11-28")
    story = {f.evidence.text: f for f in doc._.sl_figures if is_story_figure(f)}
    assert story["over 15,000"].category == "killed"
    assert story["over 15,000"].qualifier == "more_than"
    assert story["some 1,400"].category == "killed"
    assert story["50"].category == "hostages_released"
    assert story["150"].category == "prisoners_released"
    assert story["four"].category == "truce_days"
    assert story["48"].kind == "duration"


def test_factory_declares_what_it_reads_and_writes(nlp: Any) -> None:
    meta = nlp.get_pipe_meta("storyline_figures")
    assert list(meta.assigns) == ["doc._.sl_figures"]
    assert set(meta.requires) == {"doc.ents", "token.dep"}
    assert nlp.get_pipe_config("storyline_figures")["pack"] == "hostage-talks"


def test_text_without_numbers_gives_an_empty_list(nlp: Any) -> None:
    assert figures(nlp, "Talks resumed in Doha.") == []


def test_a_second_pack_defines_its_own_categories(nlp: Any, tmp_path: Path) -> None:
    pack = tmp_path / "floods"
    pack.mkdir()
    (pack / "figures.yaml").write_text(
        "categories:\n"
        "  - name: evacuated\n    nouns: [resident, people]\n    cues: [evacuate, evacuated]\n"
        "  - name: homes_lost\n    nouns: [home, house]\n",
        encoding="utf-8",
    )
    component = FiguresComponent(FigureLexicon.from_mapping(load_pack_file(str(pack), "figures")))
    doc = component(nlp.make_doc("x"))  # an unparsed Doc without numbers: nothing to find
    assert doc._.sl_figures == []
    unparsed = component(nlp.make_doc("Some 300 residents were evacuated."))
    assert [f.evidence.text for f in unparsed._.sl_figures] == ["Some 300"]
    parsed = run(nlp, "Some 300 residents were evacuated and 40 homes were destroyed.")
    found = component(parsed)._.sl_figures
    assert [(f.evidence.text, f.category) for f in found] == [
        ("Some 300", "evacuated"),
        ("40", "homes_lost"),
    ]


# --- number reading, without a parse ------------------------------------------------------------


def test_number_words_and_digits() -> None:
    def value(*words: str) -> float | None:
        tokens = [read_token(w) for w in words]
        return words_value([t for t in tokens if t is not None])

    assert value("two", "hundred", "and", "fifty") == 250
    assert value("forty", "nine") == 49
    assert value("2.5", "billion") == 2.5e9
    assert value("2.5bn") == 2.5e9
    assert value("dozen") == 12
    assert parse_digits("46,500") == 46500
    assert parse_digits("1,20") is None
    assert read_token("i24NEWS") is None  # a name with digits is not a number
    assert value("100m") == 100  # metres, most likely
    assert value("1.2m") == 1.2e6  # a decimal before "m" is millions
    assert value("$13.6M") == 13.6e6


def test_amount_conventions() -> None:
    assert vague_amount(12) == vague_amount(12.0)
    assert (vague_amount(12).low, vague_amount(12).high) == (24, 99)
    assert (vague_amount(1000).low, vague_amount(1000).high) == (2000, 9999)
    assert qualify(250, "nearly").high == 250
    assert make_range(qualify(208, "exact"), qualify(193, "exact")).low == 193


def test_a_figure_in_a_quote_takes_the_resolved_speaker_as_source() -> None:
    import storyline.nlp.quotes  # noqa: F401  (registers the factory)
    from storyline.nlp.models import ModelUnavailable, model_location, read_config

    # The configured order: quotes run first, so figures can read their speakers.
    order = list(read_config()["components"])
    assert order.index("storyline_quotes") < order.index("storyline_figures")
    try:
        model = spacy.load(model_location("en_core_web_sm"))
    except ModelUnavailable as exc:
        pytest.skip(str(exc))
    model.add_pipe("storyline_quotes")
    model.add_pipe("storyline_figures")
    text = (
        "The mediator Rami Haddad briefed reporters on Monday. "
        '"Some 40 hostages will be freed in the first stage," he said.'
    )
    figure = next(f for f in model(text)._.sl_figures if f.evidence.text == "Some 40")
    assert figure.attributed_to == "The mediator Rami Haddad"
