"""storyline_quotes: direct, partial and indirect quotes, their speakers, cues and addressees.

Sentences are our own, written to exercise each hard case; the small English model is loaded
once for the session. Mark scanning is tested without a model.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.nlp.models import model_location
from storyline.nlp.quotes import make_quotes
from storyline.nlp.quotes_clause import same_line_clause, split_clause_end
from storyline.nlp.quotes_marks import find_marked_spans
from storyline.nlp.records import Mention, Quote


@pytest.fixture(scope="session")
def nlp() -> Language:
    model = spacy.load(model_location("en_core_web_sm"))
    model.add_pipe("storyline_quotes")
    return model


def quotes(nlp: Language, text: str) -> list[Quote]:
    found: list[Quote] = nlp(text)._.sl_quotes
    return found


def one(found: list[Quote], words: str) -> Quote:
    """The quote whose evidence is exactly `words`."""
    hits = [q for q in found if q.evidence.text == words]
    assert len(hits) == 1, [q.evidence.text for q in found]
    return hits[0]


def who(q: Quote) -> str | None:
    """The speaker a reader would name: the antecedent of a pronoun, else the words written."""
    return q.extras.get("antecedent") or q.speaker


# --- the component ---------------------------------------------------------------------------


def test_factory_is_registered_with_its_contract(nlp: Language) -> None:
    meta = nlp.get_pipe_meta("storyline_quotes")
    assert meta.assigns == ["doc._.sl_quotes"]
    assert meta.requires == ["token.dep"]
    assert callable(make_quotes)
    assert Doc.has_extension("sl_quotes")


def test_no_quotes_gives_an_empty_list(nlp: Language) -> None:
    assert quotes(nlp, "The border crossing reopened on Tuesday morning.") == []


def test_offsets_and_sentence_evidence_hold(nlp: Language) -> None:
    text = (
        "“We will not sign anything tonight,” the negotiator said. "
        "Aid workers said the convoy had reached the northern districts."
    )
    doc = nlp(text)
    assert len(doc._.sl_quotes) == 2
    for q in doc._.sl_quotes:
        assert text[q.evidence.start : q.evidence.end] == q.evidence.text == q.text
        assert q.sentence is not None
        assert q.sentence.start <= q.evidence.start and q.evidence.end <= q.sentence.end
        assert text[q.sentence.start : q.sentence.end] == q.sentence.text


# --- direct quotes ---------------------------------------------------------------------------


def test_straight_marks_with_the_speaker_after_the_verb(nlp: Language) -> None:
    found = quotes(nlp, '"The crossing will open at dawn," said Omar Fathi at a briefing in Cairo.')
    q = one(found, "The crossing will open at dawn")
    assert (q.kind, q.cue, q.speaker) == ("direct", "say", "Omar Fathi")


def test_curly_marks_and_the_official_resolved_to_the_earlier_speaker(nlp: Language) -> None:
    text = (
        "A senior Egyptian official said the talks would resume on Sunday.\n\n"
        "“Nobody wants to be blamed for a collapse,” the official added."
    )
    q = one(quotes(nlp, text), "Nobody wants to be blamed for a collapse")
    assert (q.speaker, q.cue) == ("the official", "add")
    assert q.extras["antecedent"] == "A senior Egyptian official"


def test_a_quote_over_two_paragraphs_is_one_quote(nlp: Language) -> None:
    text = (
        "Dalia Ofer, whose son is held in Gaza, recalled the last message he sent her.\n\n"
        "“He wrote that he loved us and that we should not worry.\n\n"
        "“I read it every night before I sleep.”"
    )
    found = quotes(nlp, text)
    assert len(found) == 1
    q = found[0]
    assert q.text.startswith("He wrote that") and q.text.endswith("before I sleep")
    assert q.extras["paragraphs"] == 2
    assert q.speaker == "Dalia Ofer"


def test_an_unclosed_quote_ends_with_its_paragraph(nlp: Language) -> None:
    text = '"The shelling went on all night, said a nurse.\n\nThe hospital was without power.'
    found = quotes(nlp, text)
    assert found and all("hospital" not in q.text for q in found)


def test_a_quote_inside_a_quote_stays_in_the_outer_one(nlp: Language) -> None:
    text = "“The guard told us, ‘You will be home soon,’ and we believed him,” said Noam Katz."
    found = quotes(nlp, text)
    assert len(found) == 1
    q = found[0]
    assert q.text == "The guard told us, ‘You will be home soon,’ and we believed him"
    assert q.speaker == "Noam Katz"
    nested_start, nested_end = q.extras["nested"][0]
    assert text[nested_start:nested_end] == "You will be home soon"


def test_double_marks_inside_single_marks(nlp: Language) -> None:
    text = "'The commander said \"wait\" and then he left,' one of the freed women said."
    q = one(quotes(nlp, text), 'The commander said "wait" and then he left')
    assert q.speaker == "one of the freed women"


def test_a_split_quote_keeps_one_speaker(nlp: Language) -> None:
    text = "“We are close,” the envoy said, “but not close enough.”"
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["We are close", "but not close enough"]
    assert {q.speaker for q in found} == {"the envoy"}


def test_a_quote_that_continues_after_the_attribution(nlp: Language) -> None:
    text = "“There is still time,” said Lina Haddad. “But not much.”"
    q = one(quotes(nlp, text), "But not much")
    assert q.speaker == "Lina Haddad" and q.cue is None


def test_a_colon_introduces_the_speaker(nlp: Language) -> None:
    q = one(
        quotes(nlp, 'The minister was blunt: "There will be no second chance."'),
        "There will be no second chance",
    )
    assert q.speaker == "The minister"


def test_a_quote_with_nobody_to_attribute_it_to(nlp: Language) -> None:
    q = one(
        quotes(nlp, "“Bring them home.” The words were painted on every wall."), "Bring them home"
    )
    assert q.speaker is None and q.speaker_actor is None


def test_pronoun_speaker_resolves_to_the_named_person(nlp: Language) -> None:
    text = (
        "Sara Mendel waited at the gate of the base for six hours.\n\n"
        "“I just want to see her face,” she said."
    )
    q = one(quotes(nlp, text), "I just want to see her face")
    assert q.speaker == "she" and q.extras["antecedent"] == "Sara Mendel"


def test_the_statement_said_resolves_to_who_issued_it(nlp: Language) -> None:
    text = (
        "The families' forum released a statement after midnight. "
        "“Every hour matters,” the statement said."
    )
    q = one(quotes(nlp, text), "Every hour matters")
    assert q.speaker == "the statement"
    assert q.extras["antecedent"] == "The families' forum"


# --- partial quotes and scare quotes ---------------------------------------------------------


def test_partial_quote_inside_reported_speech(nlp: Language) -> None:
    text = (
        "The Egyptian mediator said the sides had reached what he called a “fragile "
        "understanding” on the first phase."
    )
    found = quotes(nlp, text)
    partial = one(found, "fragile understanding")
    assert partial.kind == "direct" and partial.extras["partial"]
    assert partial.cue == "call" and who(partial) == "The Egyptian mediator"
    report = one(
        found, "the sides had reached what he called a “fragile understanding” on the first phase"
    )
    assert report.kind == "indirect" and report.speaker == "The Egyptian mediator"


def test_a_short_quoted_phrase_attributed_by_a_cue_is_a_partial_quote(nlp: Language) -> None:
    text = "An Israeli source told the radio that the sides had agreed on a 'working paper' only."
    q = one(quotes(nlp, text), "working paper")
    assert q.extras["partial"] and q.speaker == "An Israeli source" and q.cue == "tell"


def test_scare_quotes_and_titles_are_not_quotes(nlp: Language) -> None:
    text = (
        'Protesters marched under the banner "No More Delay" past the so-called "safe zone", '
        'which residents have nicknamed "the cage".'
    )
    assert quotes(nlp, text) == []


def test_a_single_quoted_word_without_a_speaker_is_dropped(nlp: Language) -> None:
    assert quotes(nlp, 'The army began a "surgical" phase of the operation.') == []


# --- indirect speech -------------------------------------------------------------------------


def test_said_that_gives_the_clause_without_that(nlp: Language) -> None:
    q = one(
        quotes(nlp, "The health ministry said that two field hospitals had closed."),
        "two field hospitals had closed",
    )
    assert (q.kind, q.cue, q.speaker) == ("indirect", "say", "The health ministry")


def test_told_gives_the_addressee(nlp: Language) -> None:
    text = "A senior Hamas official told reporters in Beirut that the group had received the draft."
    q = one(quotes(nlp, text), "the group had received the draft")
    assert (q.speaker, q.cue, q.addressee) == ("A senior Hamas official", "tell", "reporters")


def test_stressed_and_a_group_speaker(nlp: Language) -> None:
    text = "Officials in Jerusalem stressed that no agreement had been reached."
    q = one(quotes(nlp, text), "no agreement had been reached")
    assert (q.speaker, q.cue) == ("Officials in Jerusalem", "stress")


def test_according_to_at_the_end_and_at_the_start(nlp: Language) -> None:
    text = (
        "The delegation left Doha on Thursday night, according to two diplomats. "
        "According to the draft, the first phase would last six weeks."
    )
    found = quotes(nlp, text)
    end = one(found, "The delegation left Doha on Thursday night")
    start = one(found, "the first phase would last six weeks")
    assert (end.cue, end.speaker) == ("according_to", "two diplomats")
    assert (start.cue, start.speaker) == ("according_to", "the draft")


def test_according_to_at_the_start_when_the_parse_swallows_the_subject(nlp: Language) -> None:
    # "both the mayor and the governor" is parsed as more conjuncts of "the miners and the
    # owners", inside the phrase, so the verb is left without a subject.
    text = (
        "According to a senior union official familiar with earlier rounds of talks between the "
        "miners and the owners, both the mayor and the governor have spoken with the strikers."
    )
    q = one(quotes(nlp, text), "both the mayor and the governor have spoken with the strikers")
    assert q.speaker == (
        "a senior union official familiar with earlier rounds of talks between the miners and "
        "the owners"
    )


def test_according_to_a_statement_from_names_the_issuer(nlp: Language) -> None:
    text = "The cabinet will meet on Friday, according to a statement from the prime minister's office."
    q = one(quotes(nlp, text), "The cabinet will meet on Friday")
    assert q.speaker == "the prime minister's office"


def test_the_ministry_said_after_the_ministry_was_named(nlp: Language) -> None:
    text = (
        "Jordan's foreign ministry summoned the ambassador on Monday. "
        "The ministry said the strike was a violation of international law."
    )
    q = one(quotes(nlp, text), "the strike was a violation of international law")
    assert q.speaker == "The ministry" and q.extras["antecedent"] == "Jordan's foreign ministry"


def test_he_and_they_resolve_to_earlier_speakers(nlp: Language) -> None:
    text = (
        "Foreign Minister Karim Saad said the offer was serious. He added that an answer was due "
        "within days. Western diplomats said the gap had narrowed. They said Washington was "
        "pressing both sides."
    )
    found = quotes(nlp, text)
    assert who(one(found, "an answer was due within days")) == "Foreign Minister Karim Saad"
    assert who(one(found, "Washington was pressing both sides")) == "Western diplomats"


def test_he_goes_to_the_person_the_story_turned_to_not_the_last_speaker(nlp: Language) -> None:
    text = (
        '"We welcome the release," said Foreign Minister Karim Saad.\n\n'
        "When Governor Lena Ortiz first announced the plan last week, she said the county had "
        "secured the funds."
    )
    q = one(quotes(nlp, text), "the county had secured the funds")
    assert q.speaker == "she" and who(q) == "Governor Lena Ortiz"


def test_a_name_inside_an_earlier_quote_is_not_the_pronoun_s_antecedent(nlp: Language) -> None:
    text = 'Karim Saad said: "Omar Haddad asked us to wait and we did." He said the talks resumed.'
    q = one(quotes(nlp, text), "the talks resumed")
    assert who(q) == "Karim Saad"


def test_they_takes_the_nearer_of_a_plural_and_an_organisation(nlp: Language) -> None:
    text = (
        "Two senators criticised the deal and the power big firms have. Northwind Records has "
        'denied any wrongdoing. "We never blocked the show," they said.'
    )
    q = one(quotes(nlp, text), "We never blocked the show")
    assert who(q) == "Northwind Records"


def test_she_does_not_resolve_to_a_company(nlp: Language) -> None:
    text = (
        "Singer Ana Ruiz left the label last year. The company said its catalogue was not for "
        'sale. "I just want my songs back," she said.'
    )
    q = one(quotes(nlp, text), "I just want my songs back")
    assert who(q) == "Singer Ana Ruiz"


def test_a_that_clause_the_parse_hung_on_a_noun_is_still_reported(nlp: Language) -> None:
    text = (
        "Tom Reed, the defendant's lawyer, told the newspaper in a statement that his client "
        "never meant any harm. The mayor told a crowd of residents who gathered outside city "
        "hall that the budget would be fixed."
    )
    found = quotes(nlp, text)
    assert (
        one(found, "his client never meant any harm").speaker == "Tom Reed, the defendant's lawyer"
    )
    assert one(found, "the budget would be fixed").speaker == "The mayor"


def test_said_with_a_clause_read_as_an_object_with_a_participle(nlp: Language) -> None:
    q = one(quotes(nlp, "The unions said more than 9,000 people signed up for the march."),
            "more than 9,000 people signed up for the march")  # fmt: skip
    assert q.speaker == "The unions"


def test_a_whether_clause_as_subject_is_a_claim_not_a_question(nlp: Language) -> None:
    text = "Lopez said whether the plan goes ahead depends on the budget. She did not say when."
    found = quotes(nlp, text)
    assert [q.evidence.text for q in found] == ["whether the plan goes ahead depends on the budget"]


def test_hinted_is_a_reporting_verb(nlp: Language) -> None:
    q = one(quotes(nlp, "The company hinted that sales were strong."), "sales were strong")
    assert q.speaker == "The company" and q.cue == "hint"


def test_a_verdict_or_a_deed_is_not_reported_speech(nlp: Language) -> None:
    text = (
        "The senate condemned a court ruling declaring the curfew unlawful. The rebel group "
        "claimed responsibility for the blast, which it said hit a depot near the port."
    )
    assert [q.evidence.text for q in quotes(nlp, text)] == []


def test_a_title_in_a_list_is_not_a_quote(nlp: Language) -> None:
    text = (
        '"We are thrilled," the chief executive said.\n\nThe service carries films from '
        'Northlight, "Harbour Lights," Greenway Studios and older classics.'
    )
    assert [q.evidence.text for q in quotes(nlp, text)] == ["We are thrilled"]


def test_a_quoted_label_before_its_noun_in_an_infinitive_is_not_a_quote(nlp: Language) -> None:
    text = (
        'The pact was meant to let both leaders claim a "first stage" victory. The minister '
        'called for a "serious" review of the pact.'
    )
    assert [q.evidence.text for q in quotes(nlp, text)] == ["serious"]


def test_a_bracket_opened_in_the_reported_clause_is_closed(nlp: Language) -> None:
    text = "The valley had 2 inches (51 millimeters) less rain than usual, the forecaster said."
    (q,) = quotes(nlp, text)
    assert q.evidence.text == "The valley had 2 inches (51 millimeters) less rain than usual"
    text = "The valley saw far less rain than the usual 5 inches (127 millimeters), she said."
    (q,) = quotes(nlp, text)
    assert q.evidence.text.endswith("(127 millimeters)")


def test_a_clause_the_parse_split_in_two_is_read_whole(nlp: Language) -> None:
    # The parse as the larger model gives it: "come" a second clause of "said".
    words = [
        "Ray",
        "said",
        "he",
        "is",
        "focused",
        "after",
        "seeing",
        "their",
        "streak",
        "come",
        "to",
        "an",
        "end",
        ".",
    ]
    heads = [1, 1, 3, 1, 3, 4, 5, 8, 9, 1, 9, 12, 10, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "acomp", "prep", "pcomp", "poss", "nsubj",
            "ccomp", "prep", "det", "pobj", "punct"]  # fmt: skip
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    said, first = doc[1], doc[3]
    assert split_clause_end(said, first, 6) == 12


def test_chanted_slogans_have_the_chanters_as_speakers(nlp: Language) -> None:
    text = 'Nurses chanted, "Staff our wards," and "Patients first," outside the hospital.'
    found = quotes(nlp, text)
    assert [(q.evidence.text, q.speaker) for q in found] == [
        ("Staff our wards", "Nurses"),
        ("Patients first", "Nurses"),
    ]


def test_a_description_with_a_name_beside_it_is_that_name(nlp: Language) -> None:
    text = (
        "The firm that owns the venue, Harbor Events, says the show will go on. The company "
        "that runs the awards, Dell Productions, denies that a deal was made. "
        '"We have no comment," they said.'
    )
    found = quotes(nlp, text)
    assert who(one(found, "the show will go on")) == "Harbor Events"
    assert who(one(found, "a deal was made")) == "Dell Productions"
    assert who(one(found, "We have no comment")) == "Dell Productions"


def test_a_clause_hung_on_the_verb_from_the_paragraph_before_is_skipped(nlp: Language) -> None:
    # As the larger model parsed it: the quote closing one paragraph is a clause of "told".
    words = ["They", "leave", ".", "\n\n", "Ann", "told", "us", "that", "pay", "rose", "."]
    spaces = [True, False, False, False, True, True, True, True, True, False, False]
    heads = [1, 5, 1, 2, 5, 5, 5, 9, 9, 5, 5]
    deps = ["nsubj", "ccomp", "punct", "dep", "nsubj", "ROOT", "dobj", "mark", "nsubj",
            "ccomp", "punct"]  # fmt: skip
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert same_line_clause(doc[5]) == doc[9]
    # with no clause on the verb's own line, the first one (the caller cuts it to the line)
    heads[9] = 8
    deps[9] = "relcl"
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
    assert same_line_clause(doc[5]) == doc[1]


def test_a_clause_opening_with_the_determiner_that_keeps_it(nlp: Language) -> None:
    text = "That plan is the only one left, the mayor said."
    (q,) = quotes(nlp, text)
    assert q.evidence.text == "That plan is the only one left"


def test_a_speaker_named_after_the_clause(nlp: Language) -> None:
    text = "The envoy will return to Cairo next week, two officials briefed on the plan said."
    q = one(quotes(nlp, text), "The envoy will return to Cairo next week")
    assert q.speaker == "two officials briefed on the plan"


def test_a_parenthetical_speech_tag(nlp: Language) -> None:
    q = one(quotes(nlp, "The talks, officials said, were at a delicate stage."),
            "The talks, officials said, were at a delicate stage")  # fmt: skip
    assert q.speaker == "officials"


def test_a_speech_tag_after_the_clause_and_a_participle_after_it(nlp: Language) -> None:
    text = (
        "The two delegations were due to meet in Cairo on Sunday, the diplomat further said, "
        "adding that a Qatari team would join them."
    )
    found = quotes(nlp, text)
    said = one(found, "The two delegations were due to meet in Cairo on Sunday")
    added = one(found, "a Qatari team would join them")
    assert (said.speaker, said.cue, added.speaker, added.cue) == (
        "the diplomat", "say", "the diplomat", "add",
    )  # fmt: skip


def test_cited_as_saying_gives_the_source_not_the_agency(nlp: Language) -> None:
    text = "The talks had moved to a “technical phase”, the agency cited an unnamed official as saying."
    q = one(quotes(nlp, text), "technical phase")
    assert q.speaker == "an unnamed official" and q.extras["partial"]


def test_participle_saying_takes_the_main_subject(nlp: Language) -> None:
    text = "The Red Cross confirmed the handover, saying all four women were in good health."
    q = one(quotes(nlp, text), "all four women were in good health")
    assert q.speaker == "The Red Cross"


def test_no_quote_when_nothing_was_said(nlp: Language) -> None:
    text = (
        "The ministry did not say whether the convoy had been hit. "
        "Families are told only hours in advance whether their relatives are on the list. "
        "The strikes added to the toll of the week."
    )
    assert quotes(nlp, text) == []


def test_it_is_worth_noting_is_the_writer_not_a_speaker(nlp: Language) -> None:
    text = (
        "It is worth noting that the bridge has been closed for weeks. "
        "It is fair to say that the vote was close."
    )
    assert quotes(nlp, text) == []
    council = "The council met late on Monday. It said the plant would close in March."
    assert one(quotes(nlp, council), "the plant would close in March").speaker == "It"


def test_a_relative_after_an_apposition_speaks_for_the_named_group(nlp: Language) -> None:
    # The parse hangs "which" on the last noun ("Oakdale"); the clause describes the group.
    text = (
        "The plan was praised by the Riverside Residents Association, a tenants group for "
        "people living in Oakdale, which called it “a real chance to fix the housing crisis”."
    )
    q = one(quotes(nlp, text), "a real chance to fix the housing crisis")
    assert (
        q.speaker
        == "the Riverside Residents Association, a tenants group for people living in Oakdale"
    )
    text = (
        "The ruling was hailed by the Lakeside Tenants Union, a group for those evicted in "
        "Oakdale, which called it “a long overdue win”."
    )
    q = one(quotes(nlp, text), "a long overdue win")
    assert q.speaker == "the Lakeside Tenants Union, a group for those evicted in Oakdale"


def test_who_after_a_prepositional_phrase_is_the_person_not_its_object(nlp: Language) -> None:
    text = "The lawyer for the tenants, who said the landlord had ignored the court, left early."
    q = one(quotes(nlp, text), "the landlord had ignored the court")
    assert q.speaker == "The lawyer for the tenants"
    restrictive = "Officials said the group that claimed the raid was small."
    assert quotes(nlp, restrictive)[0].speaker == "Officials"


def test_a_report_inside_a_report_is_one_quote(nlp: Language) -> None:
    text = "A spokesman said the mayor had told him that the shelter was full."
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["the mayor had told him that the shelter was full"]


def test_a_reported_clause_stops_before_the_reporter_adds_something(nlp: Language) -> None:
    text = "The army said its troops had withdrawn from the area, while local officials said fighting continued."
    found = quotes(nlp, text)
    assert [q.text for q in found] == [
        "its troops had withdrawn from the area",
        "fighting continued",
    ]


# --- actors ----------------------------------------------------------------------------------


def test_speaker_actor_comes_from_the_mentions(nlp: Language) -> None:
    text = "Majed al-Ansari told reporters that talks would continue. He said Qatar was hopeful."
    with nlp.select_pipes(disable=["storyline_quotes"]):
        doc = nlp(text)
    doc._.sl_mentions = [Mention(0, 15, "Majed al-Ansari", "PERSON", "majed-al-ansari")]
    doc = nlp.get_pipe("storyline_quotes")(doc)
    named = one(doc._.sl_quotes, "talks would continue")
    pronoun = one(doc._.sl_quotes, "Qatar was hopeful")
    assert named.speaker_actor == "majed-al-ansari"
    assert pronoun.speaker == "He" and pronoun.speaker_actor == "majed-al-ansari"


def _with_mentions(nlp: Language, text: str, names: dict[str, tuple[str, str]]) -> list[Quote]:
    """Quotes of text with a mention (label, actor) wherever each name occurs."""
    with nlp.select_pipes(disable=["storyline_quotes"]):
        doc = nlp(text)
    doc._.sl_mentions = sorted(
        (Mention(m.start(), m.end(), name, label, actor)
         for name, (label, actor) in names.items()
         for m in re.finditer(re.escape(name), text)),
        key=lambda m: m.start,
    )  # fmt: skip
    found: list[Quote] = nlp.get_pipe("storyline_quotes")(doc)._.sl_quotes
    return found


def test_a_word_describing_the_speaker_links_only_when_it_says_whose_it_is(nlp: Language) -> None:
    text = (
        "Norland's supporters said the fine was unfair. A Vesta-based analyst said rates would "
        "rise. A group representing farmers in Corvia said the rules were too strict. Tarsia's "
        "envoy to Corvia warned that talks were over. A spokesman for Tarsia said the border "
        "was open."
    )
    names = {
        "Norland": ("PERSON", "norland"),
        "Vesta": ("GPE", "vesta"),
        "Corvia": ("GPE", "corvia"),
        "Tarsia": ("GPE", "tarsia"),
    }
    by_words = {q.evidence.text: q.speaker_actor for q in _with_mentions(nlp, text, names)}
    assert by_words["the fine was unfair"] is None
    assert by_words["rates would rise"] is None
    assert by_words["the rules were too strict"] is None
    assert by_words["talks were over"] == "tarsia"
    assert by_words["the border was open"] == "tarsia"


def test_without_mentions_speaker_actor_is_none(nlp: Language) -> None:
    q = one(quotes(nlp, "Majed al-Ansari said talks would continue."), "talks would continue")
    assert q.speaker_actor is None


# --- marks alone (no model) ------------------------------------------------------------------


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Israel’s cabinet didn't meet; the hostages' families waited."
    assert find_marked_spans(text) == []


def test_marks_trim_trailing_punctuation_but_keep_question_marks() -> None:
    text = "“Where are they?” she asked. “We waited,” he said."
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["Where are they?", "We waited"]


def test_reopened_paragraphs_continue_a_quote() -> None:
    text = '"One.\n\n"Two."'
    (span,) = find_marked_spans(text)
    assert text[span.start : span.end] == 'One.\n\n"Two' and span.paragraphs == 2
