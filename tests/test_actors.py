"""storyline_actors: grouping names, titles, appositions and role nouns into actors.

Sentences are our own, written to exercise each hard case; the small English model is loaded
once for the session.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import storyline.nlp.actors  # noqa: F401  (registers the factory)
from storyline.nlp.actors import ActorIndex, canonical_key, merge_actors
from storyline.nlp.actors_pack import build_pack, load_actor_pack
from storyline.nlp.models import model_location
from storyline.nlp.records import Actor, Evidence, Role, to_dict


@pytest.fixture(scope="session")
def nlp() -> Language:
    model = spacy.load(model_location("en_core_web_sm"))
    model.add_pipe("storyline_actors")
    return model


@pytest.fixture(scope="session")
def bare_nlp() -> Language:
    """The same component with no pack: everything must come from the text."""
    model = spacy.load(model_location("en_core_web_sm"))
    model.add_pipe("storyline_actors", config={"pack": None})
    return model


def run(nlp: Language, text: str, date: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.sl_doc_date = date
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def actor_of(doc: Doc, text: str, label: str | None = None) -> str:
    """The actor key of the first mention reading exactly `text`."""
    for mention in doc._.sl_mentions:
        if mention.text == text and (label is None or mention.label == label):
            return str(mention.actor)
    raise AssertionError(f"no mention {text!r} in {[m.text for m in doc._.sl_mentions]}")


def actor(doc: Doc, key: str) -> Actor:
    found: dict[str, Actor] = {a.key: a for a in doc._.sl_actors}
    return found[key]


def role_names(doc: Doc, key: str) -> list[str]:
    return [r.role for r in actor(doc, key).roles]


# --- within one document --------------------------------------------------------------------


def test_barnea_named_four_ways_is_one_actor(nlp: Language) -> None:
    doc = run(
        nlp,
        "Mossad Director David Barnea flew to Doha on Sunday. Barnea met Qatari officials "
        "there. Israel's spy chief returned on Monday, and the Mossad chief briefed the "
        "cabinet. Later the director of the Israeli National Intelligence Agency spoke.",
        "2023-11-28",
    )
    for text in (
        "David Barnea",
        "Barnea",
        "Israel's spy chief",
        "the Mossad chief",
        "the director of the Israeli National Intelligence Agency",
    ):
        assert actor_of(doc, text) == "david-barnea", text
    assert actor_of(doc, "Mossad") == "mossad"
    assert actor_of(doc, "Israeli National Intelligence Agency") == "mossad"
    barnea = actor(doc, "david-barnea")
    assert (barnea.name, barnea.type) == ("David Barnea", "person")
    assert barnea.roles[0] == Role(
        "Mossad director", "2023-11-28", Evidence(0, 15, "Mossad Director")
    )


def test_netanyahu_variants_and_possessive(nlp: Language) -> None:
    doc = run(
        nlp,
        "Prime Minister Benjamin Netanyahu spoke on Sunday. Netanyahu's office said the "
        "Israeli prime minister would not attend. The prime minister later changed his mind, "
        "and Netanyahu flew to Washington.",
        "2024-05-01",
    )
    keys = {m.text: m.actor for m in doc._.sl_mentions}
    assert keys["Benjamin Netanyahu"] == keys["Netanyahu"] == "benjamin-netanyahu"
    assert keys["the Israeli prime minister"] == "benjamin-netanyahu"
    assert keys["The prime minister"] == "benjamin-netanyahu"
    assert keys["Netanyahu's office"] == "israeli-pmo"
    assert "prime minister" in role_names(doc, "benjamin-netanyahu")
    assert "Prime Minister Benjamin" not in keys  # the title is not part of the name


def test_appositions_both_ways_and_spelling_variants(nlp: Language) -> None:
    doc = run(
        nlp,
        "Majed Al Ansari, the foreign ministry spokesman, said talks were continuing. Later "
        "the spokesman, Majed al-Ansari, told reporters that Al Ansari had seen progress.",
        "2023-11-28",
    )
    persons = [m for m in doc._.sl_mentions if m.label == "PERSON"]
    assert [m.text for m in persons] == ["Majed Al Ansari", "Majed al-Ansari", "Al Ansari"]
    assert {m.actor for m in persons} == {"majed-al-ansari"}
    assert actor_of(doc, "the foreign ministry spokesman", "ROLE") == "majed-al-ansari"
    assert actor_of(doc, "the spokesman", "ROLE") == "majed-al-ansari"
    assert role_names(doc, "majed-al-ansari") == ["foreign ministry spokesman", "spokesman"]


def test_acronyms_join_their_expansion(nlp: Language) -> None:
    doc = run(
        nlp,
        "The Central Intelligence Agency (CIA) sent a team. The CIA declined to comment. The "
        "International Court of Justice ruled on Friday, and the ICJ will meet again.",
    )
    assert actor_of(doc, "Central Intelligence Agency") == actor_of(doc, "CIA") == "cia"
    assert actor_of(doc, "International Court of Justice") == actor_of(doc, "ICJ") == "icj"
    assert actor(doc, "icj").type == "intl_org"


def test_actor_not_in_pack(nlp: Language) -> None:
    doc = run(
        nlp,
        "Turkish Foreign Minister Hakan Fidan met the Islamic Revolution Guards Corps (IRGC) "
        "in Tehran. The IRGC said little, the Meridian Press Agency reported.",
        "2024-02-01",
    )
    fidan = actor(doc, "hakan-fidan")
    assert (fidan.type, [r.role for r in fidan.roles]) == ("person", ["Turkish foreign minister"])
    irgc = actor_of(doc, "Islamic Revolution Guards Corps")
    assert irgc == actor_of(doc, "IRGC") == "islamic-revolution-guards-corps"
    assert actor(doc, irgc).type == "armed_group"
    assert actor(doc, "meridian-press-agency").type == "media"


def test_without_a_pack_names_still_group(bare_nlp: Language) -> None:
    doc = run(bare_nlp, "Benjamin Netanyahu met Antony Blinken. Netanyahu said little.")
    assert actor_of(doc, "Netanyahu") == actor_of(doc, "Benjamin Netanyahu")
    assert actor_of(doc, "Netanyahu") == "benjamin-netanyahu"


# --- role nouns resolved through the pack's dated roles ---------------------------------------


def test_role_nouns_whose_holder_is_never_named(nlp: Language) -> None:
    doc = run(
        nlp,
        "The director of the CIA and the director of the Israeli National Intelligence Agency "
        "are in Doha to meet the Qatari prime minister.",
        "2023-11-28",
    )
    assert actor_of(doc, "The director of the CIA", "ROLE") == "william-burns"
    assert (
        actor_of(doc, "the director of the Israeli National Intelligence Agency", "ROLE")
        == "david-barnea"
    )
    qatari_pm = "mohammed-bin-abdulrahman-al-thani"
    assert actor_of(doc, "the Qatari prime minister", "ROLE") == qatari_pm
    assert role_names(doc, "william-burns") == ["director of the CIA"]
    assert actor(doc, "william-burns").roles[0].as_of == "2023-11-28"


def test_an_unqualified_role_noun_is_not_given_to_the_packs_only_holder(nlp: Language) -> None:
    # The pack knows one spokesman and one plain "minister"; a text naming no country or
    # organisation for them could be about anyone's.
    doc = run(
        nlp,
        "The spokesman declined to take questions. The minister said the budget would shrink.",
        "2024-01-10",
    )
    assert [m for m in doc._.sl_mentions if m.label == "ROLE"] == []
    qualified = run(nlp, "The Qatari foreign ministry spokesman spoke to reporters.", "2024-01-10")
    assert actor_of(qualified, "The Qatari foreign ministry spokesman", "ROLE") == "majed-al-ansari"


@pytest.mark.parametrize(
    ("date", "holder"),
    [("2023-11-28", "william-burns"), ("2025-03-01", "john-ratcliffe"), (None, None)],
)
def test_the_date_decides_who_held_the_office(nlp: Language, date: str | None, holder: Any) -> None:
    doc = run(nlp, "The director of the CIA arrived in Cairo.", date)
    roles = [m.actor for m in doc._.sl_mentions if m.label == "ROLE"]
    assert roles == ([holder] if holder else [])  # without a date two holders: no guess


def test_coordinated_role_nouns_name_two_people(nlp: Language) -> None:
    doc = run(nlp, "The US and Israeli spy chiefs were scheduled to meet in Doha.", "2023-11-28")
    roles = {m.text: m.actor for m in doc._.sl_mentions if m.label == "ROLE"}
    assert roles == {
        "The US and Israeli spy chiefs": "william-burns",
        "Israeli spy chiefs": "david-barnea",
    }
    assert role_names(doc, "david-barnea") == ["Israeli spy chief"]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2023-11-28", {"The leaders of the CIA": "william-burns", "the Mossad": "david-barnea"}),
        (None, {"the Mossad": "david-barnea"}),
    ],
)
def test_heads_of_two_bodies_are_two_mentions(
    nlp: Language, date: str | None, expected: dict[str, str]
) -> None:
    # Each holder's mention covers its own body: the second never takes in the first, whose
    # holder (without a date, the CIA has had two) may be unknown.
    doc = run(nlp, "The leaders of the CIA and the Mossad landed in Cairo.", date)
    assert {m.text: m.actor for m in doc._.sl_mentions if m.label == "ROLE"} == expected


def test_an_adjective_of_a_region_is_not_an_actor(nlp: Language) -> None:
    doc = run(nlp, "Officials from several Middle Eastern countries met in the Southern city.")
    assert [m.text for m in doc._.sl_mentions if m.label == "NORP"] == []


# --- no over-merging ---------------------------------------------------------------------------


def test_namesakes_stay_apart(nlp: Language) -> None:
    doc = run(
        nlp,
        "Sheikh Tamim bin Hamad Al Thani received Sheikh Mohammed bin Abdulrahman Al Thani. "
        "Yahya Sinwar and his brother Mohammed Sinwar were not mentioned.",
        "2024-03-01",
    )
    keys = [m.actor for m in doc._.sl_mentions if m.label == "PERSON"]
    assert keys == [
        "tamim-bin-hamad-al-thani",
        "mohammed-bin-abdulrahman-al-thani",
        "yahya-sinwar",
        "mohammed-sinwar",
    ]
    assert actor_of(doc, "Tamim bin Hamad Al Thani") == "tamim-bin-hamad-al-thani"  # no "Sheikh"


def test_bare_surname_joins_the_only_namesake_in_the_document(nlp: Language) -> None:
    doc = run(
        nlp,
        "Yahya Sinwar is hiding in Gaza, officials said. They believe Sinwar moves often.",
        "2024-03-01",
    )
    assert [m.actor for m in doc._.sl_mentions if m.text == "Sinwar"] == ["yahya-sinwar"]


@pytest.mark.parametrize(
    ("date", "key"), [("2024-03-01", "yahya-sinwar"), ("2025-03-01", "mohammed-sinwar")]
)
def test_bare_surname_alone_is_read_by_date(nlp: Language, date: str, key: str) -> None:
    doc = run(nlp, "Officials said Sinwar rejected the offer.", date)
    assert actor_of(doc, "Sinwar") == key


def test_framing_needs_the_actor_named(nlp: Language) -> None:
    named = run(nlp, "Hamas rejected the offer. The terror group wants a full ceasefire.")
    assert actor_of(named, "The terror group") == "hamas"
    alone = run(nlp, "The terror group said it wanted a full ceasefire.")
    assert alone._.sl_mentions == []


def test_capital_stands_for_government_only_as_a_doer(nlp: Language) -> None:
    doc = run(nlp, "The truce between Tel Aviv and Hamas held. Thousands rallied in Tel Aviv.")
    keys = [m.actor for m in doc._.sl_mentions if m.text == "Tel Aviv"]
    assert keys == ["israeli-government", "tel-aviv"]


# --- offsets -----------------------------------------------------------------------------------


def test_offsets_point_into_the_text(nlp: Language) -> None:
    doc = run(
        nlp,
        "Qatar's prime minister, Sheikh Mohammed bin Abdulrahman Al Thani, said Doha would "
        "keep mediating. Israel's war cabinet met Mossad Director David Barnea, and Gaza's "
        "health ministry said the Israeli military struck Rafah.",
        "2024-02-01",
    )
    assert doc._.sl_mentions
    for mention in doc._.sl_mentions:
        assert doc.text[mention.start : mention.end] == mention.text
    for found in doc._.sl_actors:
        for role in found.roles:
            assert doc.text[role.evidence.start : role.evidence.end] == role.evidence.text
    assert actor_of(doc, "Doha") == "qatar"  # a doer: the state, not the city
    assert actor_of(doc, "Israel's war cabinet") == "israeli-war-cabinet"
    assert actor_of(doc, "Gaza's health ministry") == "gaza-health-ministry"
    assert actor_of(doc, "Israeli military") == "idf"
    assert role_names(doc, "mohammed-bin-abdulrahman-al-thani") == ["Qatar's prime minister"]


# --- across documents and pure functions ------------------------------------------------------


def test_actor_index_merges_across_documents(nlp: Language) -> None:
    index = ActorIndex()
    first = run(nlp, "Turkish Foreign Minister Hakan Fidan said Ankara would help.", "2024-02-01")
    second = run(nlp, "Fidan said on Tuesday that Turkey would host the talks.", "2024-02-03")
    third = run(nlp, "Mossad Director David Barnea met Yahya Sinwar's envoys.", "2024-02-04")
    fourth = run(nlp, "Barnea and Mohammed Sinwar were both named.", "2024-02-05")
    keys: dict[str, set[str]] = {}
    for doc_id, doc in (("a", first), ("b", second), ("c", third), ("d", fourth)):
        for found in doc._.sl_actors:
            keys.setdefault(found.name, set()).add(index.add(found, doc_id))
    assert keys["Fidan"] == keys["Hakan Fidan"] == {"hakan-fidan"}
    merged = {a.key: a for a in index.actors()}
    assert merged["hakan-fidan"].aliases == ("Fidan",)
    assert [(r.role, r.as_of) for r in merged["hakan-fidan"].roles] == [
        ("Turkish foreign minister", "2024-02-01")
    ]
    assert index.docs("hakan-fidan") == ["a", "b"]
    assert index.docs("david-barnea") == ["c", "d"]
    assert {"yahya-sinwar", "mohammed-sinwar"} <= set(merged)


def test_actor_index_similarity_and_no_overmerge() -> None:
    index = ActorIndex(pack=None)
    person = "person"
    assert index.add(Actor("majed-al-ansari", "Majed al-Ansari", person), "a") == "majed-al-ansari"
    assert index.add(Actor("majid-al-ansari", "Majid al-Ansari", person), "b") == "majed-al-ansari"
    assert index.add(Actor("yahya-sinwar", "Yahya Sinwar", person), "c") == "yahya-sinwar"
    assert index.add(Actor("mohammed-sinwar", "Mohammed Sinwar", person), "d") == "mohammed-sinwar"
    # A bare surname matches both brothers equally: no evidence, so it stays on its own.
    assert index.add(Actor("sinwar", "Sinwar", person), "e") == "sinwar"
    # Same slug, incompatible type: a person called Jordan is not the state.
    assert index.add(Actor("jordan", "Jordan", "state"), "f") == "jordan"
    assert index.add(Actor("jordan", "Jordan", person), "g") == "jordan-person"
    # Organisations need whole-name similarity: a subset of words is not enough.
    assert index.add(Actor("india", "India", "state"), "h") == "india"
    assert index.add(Actor("air-india", "Air India", "other"), "i") == "air-india"
    irgc = Actor("irgc", "Islamic Revolution Guards Corps", "armed_group")
    assert index.add(irgc, "j") == "islamic-revolution-guards-corps"  # keyed by its name
    variant = Actor("x", "Islamic Revolutionary Guard Corps", "armed_group")
    assert index.add(variant, "k") == "islamic-revolution-guards-corps"


def test_merge_actors_for_the_store(nlp: Language) -> None:
    """The store keeps `to_dict` rows; `merge_actors` gives canonical rows and key links."""
    first = run(nlp, "Mossad Director David Barnea met Hakan Fidan.", "2023-11-28")
    second = run(nlp, "Fidan said Barnea would return.", "2023-11-29")
    stored = [(d, to_dict(a)) for d, doc in (("a", first), ("b", second)) for a in doc._.sl_actors]
    actors, links = merge_actors(stored)
    assert ("b", "fidan", "hakan-fidan") in links
    rows = {row["key"]: row for row in actors}
    assert rows["hakan-fidan"]["aliases"] == ["Fidan"]
    assert rows["david-barnea"]["roles"][0]["role"] == "Mossad director"
    assert rows["david-barnea"]["roles"][0]["evidence"]["text"] == "Mossad Director"


def test_canonical_key_is_pure_and_uses_the_pack() -> None:
    pack = load_actor_pack("hostage-talks")
    assert canonical_key("Majed Al-Ansari", "person", pack) == "majed-al-ansari"
    assert canonical_key("U.S.", "state", "hostage-talks") == "united-states"
    assert canonical_key("the Islamic Revolution Guards Corps", "armed_group", pack) == (
        "islamic-revolution-guards-corps"
    )
    assert canonical_key("Hakan Fidan", "person", None) == "hakan-fidan"


def test_pack_file_is_well_formed() -> None:
    pack = load_actor_pack("hostage-talks")
    types = {
        "person",
        "government",
        "state",
        "armed_group",
        "mediator",
        "intl_org",
        "media",
        "other",
    }
    assert len([a for a in pack.actors.values() if not a.place]) >= 40
    for found in pack.actors.values():
        assert found.type in types, found.key
        assert found.parent is None or found.parent in pack.actors, found.key
        assert found.stands_for is None or found.stands_for in pack.actors, found.key
        for role in found.roles:
            assert role.start is None or role.end is None or role.start <= role.end, found.key
    barnea = pack.actors["david-barnea"].roles[0]
    assert barnea.active("2023-11-28") and not barnea.active("2020-01-01")
    assert build_pack({}).actors == {}


# --- names and titles of any news story (audit of unseen pages) -----------------------------


def test_a_gerund_that_opens_the_sentence_is_not_part_of_the_name(bare_nlp: Language) -> None:
    doc = run(bare_nlp, "Jonas Whitfield spoke first. Hosting Whitfield at the summit was a coup.")
    assert actor_of(doc, "Whitfield") == "jonas-whitfield"
    assert "hosting-whitfield" not in {a.key for a in doc._.sl_actors}


def test_a_team_and_position_abbreviation_is_not_part_of_the_name(bare_nlp: Language) -> None:
    doc = run(bare_nlp, "Falcons QB Derrick Lamont Hayes threw three passes on Sunday.")
    names = {m.text for m in doc._.sl_mentions if m.label == "PERSON"}
    assert not any("QB" in n for n in names), names


def test_short_given_names_and_generation_marks_join_the_full_name(bare_nlp: Language) -> None:
    doc = run(
        bare_nlp,
        "Gregory Hanley Jr. was charged on Monday. Prosecutors said Hanley had a rifle. "
        "Gregory T. Hanley pleaded guilty. His lawyer said Greg Hanley regretted it.",
    )
    keys = {m.actor for m in doc._.sl_mentions if "Hanley" in m.text}
    assert len(keys) == 1, keys


def test_a_lone_first_name_joins_the_only_person_who_has_it(bare_nlp: Language) -> None:
    doc = run(
        bare_nlp,
        "Marisol Vance released her new album. Critics said Marisol had never sounded better.",
    )
    assert actor_of(doc, "Marisol") == actor_of(doc, "Marisol Vance")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("The campaign was led by Gov. Harriet Olsen of Dakota.", "Harriet Olsen", "governor"),
        ("Secretary of State Leon Marsh said little.", "Leon Marsh", "secretary of state"),
        ("Sen. Paula Ortega voted against the bill.", "Paula Ortega", "senator"),
        ("Acme CEO Dana Whitlock resigned on Friday.", "Dana Whitlock", "Acme CEO"),
        ("Mayor Victor Reyes closed the bridge.", "Victor Reyes", "mayor"),
    ],
)
def test_offices_of_politics_and_business_give_roles(
    bare_nlp: Language, text: str, name: str, role: str
) -> None:
    doc = run(bare_nlp, text)
    found = {a.name: [r.role for r in a.roles] for a in doc._.sl_actors}
    assert found.get(name) == [role], found


def test_a_bare_surname_the_model_missed_joins_the_full_name(bare_nlp: Language) -> None:
    doc = run(
        bare_nlp,
        "Falcons captain Jordan Pell left the ice early. Pell said he was just trying to help. "
        "Martin Scissors, an economist, disagreed. Scissors, who advises the board, said the "
        "plan was flawed.",
    )
    assert actor_of(doc, "Pell") == actor_of(doc, "Jordan Pell")
    assert actor_of(doc, "Scissors") == actor_of(doc, "Martin Scissors")


def test_a_title_in_quote_marks_is_not_an_actor(bare_nlp: Language) -> None:
    doc = run(bare_nlp, 'The service offers classics such as "Peter Pan" and "Cinderella" today.')
    assert [a.name for a in doc._.sl_actors if a.type == "person"] == []


def test_an_organisation_named_with_of_or_on_keeps_its_last_words(bare_nlp: Language) -> None:
    doc = run(
        bare_nlp,
        "General Ann Ross, chairman of the Joint Chiefs of Staff, spoke after the House Select "
        "Committee on Intelligence met.",
    )
    names = {a.name for a in doc._.sl_actors}
    assert "Joint Chiefs of Staff" in names, names
    assert "Joint Chiefs of" not in names
