"""Outlet comparison (storyline.story.outlets): coverage and blind spots, framing counts from
the pack's lexicon, and Monroe et al.'s weighted log-odds on a toy corpus."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from storyline.packs import pack_dir
from storyline.story.outlets import (
    coverage,
    distinctive_terms,
    framing,
    framing_shares,
    load_lexicon,
    log_odds,
    normalise_outlet,
    tokens,
)


def test_outlet_names_spelled_differently_are_one_outlet() -> None:
    spellings = ["The Gulf Dispatch", "gulf dispatch", "Gulf-Dispatch.", "GULF DISPATCH",
                 "Gulf Dispatch.com", "The  Gulf   Dispatch"]  # fmt: skip
    assert {normalise_outlet(s) for s in spellings} == {"gulf dispatch"}
    assert normalise_outlet("Le Courrier du Levant") == "le courrier du levant"
    assert normalise_outlet("Thebes Times") == "thebes times"  # only a whole leading "the"


def test_coverage_matrix_blind_spots_and_merged_spellings() -> None:
    groups = {
        "truce-start": {"Meridian Press", "The Gulf Dispatch", "Tehran Horizon"},
        "truce-extension": {"Meridian Press", "gulf dispatch"},  # Tehran Horizon missed it
        "rafah-raid": {"Tehran Horizon"},
        "empty": set(),
    }
    result = coverage(groups, ["Meridian Press", "Gulf Dispatch", "Tehran Horizon"])
    assert result.outlets == ["Gulf Dispatch", "Meridian Press", "Tehran Horizon"]
    assert result.matrix["truce-extension"] == {
        "Gulf Dispatch": True, "Meridian Press": True, "Tehran Horizon": False,
    }  # fmt: skip
    assert result.blind_spots == {"Tehran Horizon": ["truce-extension"]}
    assert result.exclusives == {"Tehran Horizon": ["rafah-raid"]}
    assert result.covered_by("truce-start") == ["Gulf Dispatch", "Meridian Press", "Tehran Horizon"]
    rows = {r["group"]: r for r in result.as_rows()}
    assert rows["truce-extension"]["outlets"] == 2 and rows["empty"]["outlets"] == 0


def test_coverage_defaults_to_every_outlet_seen() -> None:
    result = coverage({"a": {"X", "Y"}, "b": {"x"}, "c": {"Y", None}}, min_outlets=2)
    assert result.outlets == ["X", "Y"]
    assert result.blind_spots == {}  # only "a" has two outlets, and both covered it
    assert result.exclusives == {"X": ["b"], "Y": ["c"]}


LEXICON = {
    "hamas": {"delegitimising": ["terror group", "terrorists"],
              "sympathetic": ["resistance movement"], "descriptive": ["militant group"]},
    "killing": ["killed", "martyred", "murdered"],
}  # fmt: skip


def test_framing_counts_terms_per_outlet() -> None:
    texts = {
        "Ledger": ["The terror group said ... terror-groups and terrorists.", "Two were murdered."],
        "Horizon": ["The resistance movement said three were martyred.", "Martyred in Gaza."],
        "the ledger": ["A militant group claimed it; five killed."],  # the same outlet
    }
    counts = framing(texts, LEXICON)
    assert set(counts["hamas"]) == {"Ledger", "Horizon"}
    assert counts["hamas"]["Ledger"] == Counter(
        {"terror group": 2, "terrorists": 1, "militant group": 1}
    )
    assert counts["hamas"]["Horizon"] == Counter({"resistance movement": 1})
    assert counts["killing"]["Horizon"] == Counter({"martyred": 2})
    assert counts["killing"]["Ledger"] == Counter({"murdered": 1, "killed": 1})
    shares = framing_shares(counts, LEXICON)
    assert shares["hamas"]["Ledger"]["delegitimising"] == pytest.approx(0.75)
    assert shares["hamas"]["Horizon"]["sympathetic"] == 1.0


def test_longest_term_wins_and_text_is_counted_once() -> None:
    lexicon = {"hamas": {"a": ["terrorist organization"], "b": ["terrorist", "organization"]}}
    counts = framing({"X": ["a terrorist organization and a terrorist"]}, lexicon)
    assert counts["hamas"]["X"] == Counter({"terrorist organization": 1, "terrorist": 1})


def test_pack_framing_lexicon_loads() -> None:
    lexicon = load_lexicon(pack_dir("hostage-talks") / "framing.yaml")
    for concept in ("hamas", "captives", "killing", "conflict"):
        assert concept in lexicon
    assert "resistance movement" in lexicon["hamas"]["sympathetic"]
    assert "martyred" in lexicon["killing"]["martyrdom"]
    assert "aggression" in lexicon["conflict"]["aggression"]


def test_tokens_drop_stopwords_numbers_and_possessives() -> None:
    assert list(tokens("Hamas's fighters said on Monday that 50 Israeli hostages were freed."))\
        == ["hamas", "fighters", "israeli", "hostages", "freed"]  # fmt: skip
    assert list(tokens("Al-Aqsa don't")) == ["al-aqsa", "don't"]


def test_distinctive_words_on_a_toy_corpus() -> None:
    # Both outlets report the same facts; only Horizon says "martyred", only Ledger "terrorists".
    base = "gaza ministry people strikes city hospital aid convoy night"
    texts = {
        "Horizon": [f"{base} martyred martyred resistance", f"{base} martyred occupation"] * 5,
        "Ledger": [f"{base} killed terrorists terrorists", f"{base} killed terrorists hostages"]
        * 5,
    }
    found = distinctive_terms(texts, top=3)
    top = {outlet: [t.term for t in found if t.outlet == outlet][0] for outlet in texts}
    assert top == {"Horizon": "martyred", "Ledger": "terrorists"}
    best = next(t for t in found if t.term == "martyred")
    assert best.z > 1.96 and best.log_odds > 0 and best.uses == 15
    # Shared words do not set anyone apart.
    assert all(t.term not in base.split() for t in found)


def test_log_odds_matches_the_formula() -> None:
    # Monroe et al. (2008): delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w))
    #                              - log((y_j + a_w) / (n_j + a0 - y_j - a_w)),
    # var = 1/(y_i + a_w) + 1/(y_j + a_w)
    y_i, n_i, y_j, n_j, a_w, a0 = 10, 100, 2, 120, 1.5, 50.0
    delta, z = log_odds(y_i, n_i, y_j, n_j, a_w, a0)
    expected = math.log(11.5 / 138.5) - math.log(3.5 / 166.5)
    assert delta == pytest.approx(expected)
    assert z == pytest.approx(expected / math.sqrt(1 / 11.5 + 1 / 3.5))


def test_informative_prior_from_separate_texts_and_min_count() -> None:
    texts = {"A": ["ceasefire ceasefire truce"], "B": ["truce truce pause"]}
    found = distinctive_terms(texts, prior_texts=["truce ceasefire pause war"] * 10, min_count=2)
    assert {(t.outlet, t.term) for t in found} == {("A", "ceasefire"), ("B", "truce")}
    assert distinctive_terms({"A": [""], "B": [""]}) == []
