"""Coreference metrics on the reference scorer's test cases, and the ECB+/MEANTIME readers."""

from __future__ import annotations

import pytest

from storyline.eval import coref_metrics, ecbplus, meantime
from storyline.eval.coref_metrics import b_cubed, ceaf_e, muc, score, score_labels
from storyline.story.embed import HashEmbedder

# Cases from conll/reference-coreference-scorers test/TestCases.README (key, response, expected).
KEY_A = [{"a"}, {"b", "c"}, {"d", "e", "f"}]


def _c(*groups: str) -> list[frozenset[str]]:
    return [frozenset(g) for g in groups]


def _close(prf: coref_metrics.PRF, recall: float, precision: float) -> None:
    assert prf.recall == pytest.approx(recall, abs=1e-4)
    assert prf.precision == pytest.approx(precision, abs=1e-4)


def test_perfect_response_scores_one() -> None:
    scores = score(KEY_A, KEY_A)
    assert scores.conll_f1 == pytest.approx(1.0)
    assert scores.as_dict()["b3_f1"] == pytest.approx(100.0)


def test_missing_mentions_tc_a_2() -> None:
    key, response = _c("a", "bc", "def"), _c("a", "de")
    _close(b_cubed(key, response), 7 / 18, 1.0)
    _close(muc(key, response), 1 / 3, 1.0)
    _close(ceaf_e(key, response), 0.6, 0.9)


def test_false_alarm_mentions_tc_a_3() -> None:
    key, response = _c("a", "bc", "def"), _c("a", "bcx", "defy", "z")
    _close(b_cubed(key, response), 1.0, 55 / 108)
    _close(muc(key, response), 1.0, 3 / 5)
    _close(ceaf_e(key, response), 0.88571, 0.66429)


def test_missing_and_false_alarm_tc_a_4() -> None:
    key, response = _c("a", "bc", "def"), _c("a", "bcx", "dy", "z")
    _close(b_cubed(key, response), 5 / 9, 17 / 42)
    _close(muc(key, response), 1 / 3, 1 / 3)
    _close(ceaf_e(key, response), 0.73333, 0.55)


def test_all_singletons_and_all_merged_tc_a_10_11() -> None:
    key = _c("a", "bc", "def")
    singletons = _c("a", "b", "c", "d", "e", "f")
    _close(b_cubed(key, singletons), 3 / 6, 1.0)
    _close(muc(key, singletons), 0.0, 0.0)
    merged = _c("abcdef")
    _close(b_cubed(key, merged), 1.0, 7 / 18)
    _close(muc(key, merged), 1.0, 3 / 5)


def test_bcubed_paper_merges_tc_d_1_and_e_1() -> None:
    key = _c("12345", "67", "89ABC")
    small_merge = b_cubed(key, _c("12345", "6789ABC"))
    assert small_merge.f1 == pytest.approx(0.864864865)
    big_merge = b_cubed(key, _c("1234589ABC", "67"))
    assert big_merge.f1 == pytest.approx(0.736842105)
    assert muc(key, _c("12345", "6789ABC")).f1 == pytest.approx(0.947368421)


def test_muc_paper_cases_tc_f_to_l() -> None:
    _close(muc(_c("ABCD"), _c("AB", "CD")), 2 / 3, 1.0)
    _close(muc(_c("AB", "CD"), _c("ABCD")), 1.0, 2 / 3)
    _close(muc(_c("ABC"), _c("AC")), 1 / 2, 1.0)
    _close(muc(_c("BCDEGHJ"), _c("ABC", "DEF", "GHI")), 3 / 6, 3 / 6)
    _close(muc(_c("ABC", "DEFG"), _c("AB", "CD", "FGH")), 2 / 5, 2 / 4)


def test_conll_is_the_mean_and_labels_work_like_clusters() -> None:
    gold = {"m1": "x", "m2": "x", "m3": "y", "m4": "z"}
    predicted = {"m1": 1, "m2": 2, "m3": 2, "m4": 3}
    scores = score_labels(gold, predicted)
    assert scores.conll_f1 == pytest.approx((scores.muc.f1 + scores.b3.f1 + scores.ceafe.f1) / 3)
    assert scores == score([{"m1", "m2"}, {"m3"}, {"m4"}], [{"m1"}, {"m2", "m3"}, {"m4"}])


# --- readers ---------------------------------------------------------------------------------

ECB_XML = b"""<Document doc_name="99_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http://example.org/story</token>
<token t_id="2" sentence="1" number="0">Police</token>
<token t_id="3" sentence="1" number="1">arrested</token>
<token t_id="4" sentence="1" number="2">two</token>
<token t_id="5" sentence="1" number="3">men</token>
<token t_id="6" sentence="2" number="0">They</token>
<token t_id="7" sentence="2" number="1">were</token>
<token t_id="8" sentence="2" number="2">charged</token>
<token t_id="9" sentence="3" number="0">Nobody</token>
<token t_id="10" sentence="3" number="1">spoke</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="3"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="8"/></ACTION_OCCURRENCE>
<NEG_ACTION_OCCURRENCE m_id="3"><token_anchor t_id="10"/></NEG_ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="5"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="t99_arrest" instance_id="ACT123"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="10" note="ACT123"><source m_id="1"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>"""


def test_ecbplus_reader_keeps_validated_sentences_and_gold_chains() -> None:
    selected = {("99_1ecbplus", 1), ("99_1ecbplus", 2)}
    doc, mentions = ecbplus.parse_document(ECB_XML, "99", "99_1ecbplus", selected)
    assert doc.subtopic == "99plus" and doc.first_sentence == 1
    assert doc.text() == ["Police arrested two men", "They were charged", "Nobody spoke"]
    assert [(m.mention_id, m.sentence, m.tokens, m.chain) for m in mentions] == [
        ("99_1ecbplus:1", 1, (1,), "cross:ACT123"),
        ("99_1ecbplus:2", 2, (2,), "singleton:99_1ecbplus:2"),
    ]  # the entity (m4) and the mention outside the validated sentences (m3) are left out


MEANTIME_XML = b"""<?xml version="1.0" ?><Document doc_id="1" doc_name="1_Test" lang="en">
<token number="0" sentence="0" t_id="1">Airbus</token>
<token number="1" sentence="0" t_id="2">delays</token>
<token number="2" sentence="0" t_id="3">jet</token>
<token number="3" sentence="1" t_id="4">The</token>
<token number="4" sentence="1" t_id="5">delay</token>
<token number="5" sentence="1" t_id="6">hurts</token>
<Markables>
<EVENT_MENTION m_id="10" pred="delay"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="11" pred="delay"><token_anchor t_id="5"/></EVENT_MENTION>
<EVENT_MENTION m_id="12" pred="hurt"><token_anchor t_id="6"/></EVENT_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="20" type="DATE" value="2008-03-01"/>
<EVENT TAG_DESCRIPTOR="delay" class="OTHER" instance_id="OTH1" m_id="30"/>
<EVENT TAG_DESCRIPTOR="hurt" class="OTHER" m_id="31"/>
<ENTITY TAG_DESCRIPTOR="Airbus" ent_type="ORG" instance_id="ORG1" m_id="32"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="10"/><source m_id="11"/><target m_id="30"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="12"/><target m_id="31"/></REFERS_TO>
</Relations>
</Document>"""


def test_meantime_reader_uses_instances_and_the_creation_time() -> None:
    doc, mentions = meantime.parse_document(MEANTIME_XML, "airbus", "1_Test")
    assert doc.published == "2008-03-01" and doc.topic == "airbus"
    assert [m.chain for m in mentions] == ["OTH1", "OTH1", "local:1_Test:31"]
    # token numbers run over the whole document; positions are counted within the sentence
    assert [(m.sentence, m.tokens) for m in mentions] == [(0, (1,)), (1, (1,)), (1, (2,))]


def test_evaluate_builds_both_tables_on_a_tiny_corpus() -> None:
    doc, mentions = ecbplus.parse_document(ECB_XML, "99", "99_1ecbplus", {("99_1ecbplus", 1)})
    corpus = ecbplus.Corpus("tiny", (doc,), tuple(mentions))
    docs_table, mention_table = ecbplus.evaluate(corpus, "tiny", True, embedder=HashEmbedder())
    assert docs_table.rows[0].scores["story_b3_f1"] == pytest.approx(100.0)
    lemma = next(r for r in mention_table.rows if r.system.startswith("same lemma within gold"))
    assert lemma.scores["b3_f1"] == pytest.approx(100.0)
