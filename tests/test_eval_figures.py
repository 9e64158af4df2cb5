"""The NewsQuant scorer on hand-built cases, the Figure → quantity mapping, and a smoke run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.eval import newsquant
from storyline.eval.newsquant import (
    concepts_match,
    count_matches,
    parse_value,
    score,
    values_match,
)
from storyline.eval.report import resolve_benchmarks
from storyline.nlp.figures_quantity import Quantity, figures_to_quantities


def q(
    value: Any, unit: str = "-", change: str = "=", concepts: tuple[str, ...] = ("-",)
) -> Quantity:
    return Quantity(parse_value(value), unit, change, concepts)


def test_values_parse_as_the_benchmark_writes_them() -> None:
    assert parse_value("12.0") == 12.0
    assert parse_value("12-120") == (12.0, 120.0)
    assert parse_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_value("-50.8") == -50.8  # a leading minus is a sign, not a range
    assert parse_value("1.99E-29") == pytest.approx(1.99e-29)


def test_value_matching_is_numpy_isclose() -> None:
    assert values_match(1000.0, 1000.005)
    assert not values_match(1000.0, 1000.5)
    assert values_match((1.0, 2.0), (1.0, 2.0))
    assert not values_match((1.0, 2.0), 1.0)  # a range never matches a single value
    assert not values_match(1.0, None)


def test_concept_matching_partial_and_complete() -> None:
    assert concepts_match(["Tesla", "shares"], ["tesla", "shares"]) == (True, True)
    assert concepts_match(["Tesla", "shares"], ["shares"]) == (False, True)
    assert concepts_match(["Tesla"], ["Tesla", "shares"]) == (False, True)
    assert concepts_match(["Tesla"], ["Ford"]) == (False, False)


def test_one_sentence_counts() -> None:
    gold = [q("5", "percentage", "up", ("shares",)), q("84", "dollar", "=", ("shares",))]
    system = [q("5", "percentage", "=", ("shares",)), q("84", "euro", "=", ("price",))]
    counts = count_matches(gold, system)
    assert counts == {
        "value": 2,
        "value+unit": 1,
        "value+change": 1,
        "value+concept_partial": 1,
        "value+concept_complete": 1,
    }


def test_value_matches_are_capped_at_the_gold_count() -> None:
    # Two system quantities with the gold value and the wrong unit: one gold quantity, one match.
    counts = count_matches([q("7", "day")], [q("7", "-"), q("7", "-")])
    assert counts["value"] == 1
    assert counts["value+unit"] == 0
    # ... but the benchmark counts change for every value match met before a unit match.
    assert counts["value+change"] == 2


def test_a_unit_match_claims_the_system_quantity() -> None:
    counts = count_matches([q("7", "day"), q("7", "day")], [q("7", "day")])
    assert counts["value+unit"] == 1
    assert counts["value"] == 1


def test_precision_recall_f1_over_sentences() -> None:
    pairs = [([q("1"), q("2")], [q("1")]), ([q("3")], [q("3"), q("4")])]
    scores = score(pairs)
    assert scores["value_p"] == pytest.approx(2 / 3)
    assert scores["value_r"] == pytest.approx(2 / 3)
    assert scores["value_f1"] == pytest.approx(2 / 3)
    assert score([])["value_f1"] == 0.0


# --- Figure → quantity --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Iterator[Any]:
    spacy = pytest.importorskip("spacy")
    import storyline.nlp.figures  # noqa: F401  (registers the factory)
    from storyline.nlp.models import ModelUnavailable, model_location

    try:
        model = spacy.load(model_location("en_core_web_sm"))
    except ModelUnavailable as exc:
        pytest.skip(str(exc))
    model.add_pipe("storyline_figures")
    yield model


def quantities(nlp: Any, text: str) -> list[tuple[Any, str, str]]:
    return [(x.value, x.unit, x.change) for x in figures_to_quantities(nlp(text))]


def test_figures_become_benchmark_quantities(nlp: Any) -> None:
    assert quantities(nlp, "Shares rose 6.5% to $84 in 2019.") == [
        (6.5, "percentage", "up"),
        (84.0, "dollar", "="),
    ]  # the year is not a quantity in the benchmark
    assert quantities(nlp, "More than 1,200 people were killed.") == [(1200.0, "people", ">")]
    assert quantities(nlp, "Dozens of people were wounded.") == [((12.0, 120.0), "people", "=")]
    assert quantities(nlp, "His weight fell from 208 to 193.")[0][0] == (208.0, 193.0)
    assert quantities(nlp, "The 85-year-old woman was freed.") == [(85.0, "year of age", "=")]


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        # A count's unit is the counted noun; its concept is whose count it is.
        ("Rivera has scored 14 goals this season.", ("Rivera",)),
        ("The town, which has 4,000 residents, flooded.", ("town",)),
        ("The agency said it had hired 300 workers.", ("agency",)),
        ("The lake is about 9 miles long.", ("lake",)),
        ("Thousands of residents of the town fled.", ("town",)),
        ("Dozens of people were killed in the strike.", ("-",)),
        ("The firm announced plans to cut 900 jobs.", ("firm",)),
        ("It was one of the best films of the year.", ("-",)),
        # A share or a sum: what it is the amount of, or whose it is.
        ("Exports fell 3% last year.", ("Exports",)),
        ("Qatar paid $50 million to the group.", ("Qatar",)),
        ("Nissan, which is 43 percent owned by Renault, rallied.", ("Nissan",)),
        ("Oil traded at $76 US a barrel.", ("Oil",)),
    ],
)
def test_the_concept_is_what_the_quantity_is_about(
    nlp: Any, text: str, concepts: tuple[str, ...]
) -> None:
    assert [x.concepts for x in figures_to_quantities(nlp(text))] == [concepts]


# --- the data and the task ----------------------------------------------------------------------


def _bench() -> Path:
    folder = resolve_benchmarks() / newsquant.DATASET
    if not (folder / "test_sets" / "NewsQuant.json").is_file():
        pytest.skip("NewsQuant data not found beside the repository")
    return folder


def test_published_scores_are_read_from_the_source() -> None:
    published = newsquant.load_published(_bench())
    assert published["CQE-Numparser"]["value_f1"] == pytest.approx(0.920)
    assert published["quantulum3"]["value_f1"] == pytest.approx(0.730)
    assert published["CQE-Numparser"]["value+concept_complete_f1"] == pytest.approx(0.570)


def test_gpt3_reference_rescores_to_the_published_row() -> None:
    bench = _bench()
    gold = newsquant.load_gold(bench)
    assert len(gold) == 590
    assert sum(len(g.quantities) for g in gold) == 904
    gpt3 = newsquant.load_gpt3(bench)
    ours = score((g.quantities, gpt3.get(g.text, ())) for g in gold)
    published = newsquant.load_published(bench)["GPT3"]
    for metric in ("value_f1", "value+change_f1", "value+concept_partial_f1"):
        assert ours[metric] == pytest.approx(published[metric], abs=0.002), metric


def test_run_task_smoke() -> None:
    _bench()
    tables = newsquant.run_task(limit=5)
    assert len(tables) == 1
    table = tables[0]
    assert table.task == "figures" and table.n_items == 5
    systems = [row.system for row in table.rows]
    assert systems[0].startswith("storyline_figures")
    assert any("CQE" in s for s in systems) and any("quantulum3" in s for s in systems)
    assert any("rescored here" in s for s in systems)
    ours = table.rows[0].scores
    assert 0.0 <= (ours["value_f1"] or 0.0) <= 1.0
