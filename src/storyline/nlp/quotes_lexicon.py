"""English word lists for `storyline_quotes`: reporting verbs, speaker nouns, pronouns.

These are facts about English reporting grammar, not about one story, so they live here rather
than in a domain pack (a pack for another story needs the same lists).
"""

from __future__ import annotations

#: Verbs that introduce reported speech with a content clause ("X said that ..."). A verb here
#: plus a `ccomp` child with its own subject makes an indirect quote.
REPORT_VERBS = frozenset(
    {
        "say", "tell", "add", "state", "stress", "warn", "announce", "claim", "confirm", "deny",
        "insist", "acknowledge", "note", "argue", "explain", "report", "reiterate", "reaffirm",
        "assert", "emphasise", "emphasize", "underline", "caution", "complain", "promise", "vow",
        "admit", "allege", "indicate", "signal", "disclose", "reveal", "assure", "concede",
        "predict", "write", "declare", "inform", "contend", "maintain", "suggest",
        "estimate", "threaten", "pledge", "boast", "recall", "remark", "observe", "reply",
        "respond", "answer", "testify", "specify", "mention", "hint",
    }
)  # fmt: skip

#: Verbs that attribute a quoted span, direct or partial: the reporting verbs plus manner of
#: speaking and naming ("what he called a “sustainable truce”").
DIRECT_CUES = REPORT_VERBS | frozenset(
    {
        "ask", "shout", "read", "tweet", "post", "quote", "call", "describe", "demand", "urge",
        "plead", "cry", "scream", "whisper", "laugh", "joke", "conclude", "term", "label", "chant",
        "characterise", "characterize",
    }
)  # fmt: skip

#: Acts of speech a reporter coordinates with a report ("said X and urged Y", "..., warning that"):
#: where the parse puts them inside the reported clause, the clause ends before them.
SPEECH_ACTS = DIRECT_CUES | frozenset(
    {"express", "thank", "welcome", "blame", "accuse", "reject", "dismiss", "condemn", "praise",
     "criticise", "criticize", "decline", "refuse", "voice", "reiterate", "appeal"}
)  # fmt: skip

#: Verbs that name what someone said ("a concession one negotiator called “painful”").
NAMING_VERBS = frozenset(
    {"call", "describe", "term", "label", "dub", "characterise", "characterize"}
)

#: Verbs whose subject may introduce a quote that follows in the next sentence or paragraph
#: ("Hana Levi recalled the morning of the attack. “When the sirens started ...”").
INTRO_VERBS = DIRECT_CUES | frozenset({"speak", "address", "recount", "describe", "explain"})

#: Words right before a quote mark that make it a name or title, not speech ("so-called").
NAMING_MARKERS = frozenset(
    {"so-called", "dubbed", "titled", "entitled", "named", "nicknamed", "code-named",
     "codenamed", "labelled", "labeled", "reading", "marked", "hashtag", "slogan", "banner"}
)  # fmt: skip

#: Heads of noun phrases that can speak (used when the parse gives no entity type).
SPEAKER_NOUNS = frozenset(
    {
        "official", "officials", "spokesman", "spokeswoman", "spokesperson", "minister", "source",
        "diplomat", "president", "envoy", "mediator", "negotiator", "aide", "adviser", "advisor",
        "analyst", "expert", "leader", "chief", "director", "head", "commander", "general",
        "secretary", "ambassador", "representative", "statement", "ministry", "office", "army",
        "military", "government", "group", "movement", "agency", "forum", "family", "families",
        "relative", "resident", "witness", "brother", "sister", "mother", "father", "son",
        "daughter", "cousin", "wife", "husband", "hostage", "prisoner", "organiser", "organizer",
        "member", "lawmaker", "senator", "police", "service", "council", "committee",
        "cabinet", "premier", "king", "emir", "sheikh", "sheikha", "media", "newspaper", "report",
        "people", "person", "man", "woman", "boy", "girl", "doctor", "nurse", "teacher",
        "volunteer", "activist", "journalist", "reporter", "observer", "economist", "spokesmen",
    }
)  # fmt: skip

#: Definite descriptions that point back to an earlier speaker ("the official", "the ministry").
ANAPHOR_HEADS = frozenset(
    {
        "official", "source", "statement", "ministry", "office", "spokesman", "spokeswoman",
        "spokesperson", "minister", "envoy", "mediator", "diplomat", "agency", "forum",
        "president", "premier", "army", "military", "government", "group", "movement",
        "organisation", "organization", "faction", "militants", "militant", "sources",
        "officials", "communique", "report", "aide", "negotiator", "chief",
        "director", "leader", "spokespeople", "embassy", "council", "committee",
    }
)  # fmt: skip

#: Anaphors that name an organisation by its kind; they resolve to the last ORG, not a same-head NP.
ORG_KINDS = frozenset({"group", "movement", "organisation", "organization", "faction"})

#: Nouns for a document someone issued ("the statement said"): resolve to its issuer.
DOCUMENT_NOUNS = frozenset(
    {"statement", "communique", "report", "readout", "document", "letter", "release", "post"}
)

#: Sources behind "according to X" that are documents; "according to a statement from Y" → Y.
SOURCE_DOCUMENTS = DOCUMENT_NOUNS | frozenset(
    {"figures", "figure", "data", "tally", "copy", "lists"}
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "one", "several", "another", "some", "many", "both"})
THING_PRONOUNS = frozenset({"it"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "what", "whose"})

#: Adjectives of "it is ADJ to say / worth noting that ...": the "it" is a dummy, not a speaker.
IMPERSONAL_ADJECTIVES = frozenset({
    "worth", "important", "clear", "fair", "safe", "necessary", "notable", "noteworthy",
    "interesting", "true", "possible", "likely", "unlikely", "unclear", "evident", "obvious",
    "crucial", "essential", "vital", "significant", "striking", "remarkable", "reasonable",
    "hard", "difficult", "easy", "early", "premature", "accurate", "correct", "wrong",
})  # fmt: skip
FIRST_PERSON = frozenset({"i", "we", "me", "us"})

#: Complementisers that make a clause a question rather than a claim ("did not say whether").
QUESTION_MARKS = frozenset({"whether", "if", "what", "how", "why", "where", "when", "who", "which"})
