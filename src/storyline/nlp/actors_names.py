"""Name handling for actors: normalisation, slugs, acronyms, similarity and type guesses.

Everything here is plain string work (no spaCy), shared by the in-document grouping
(`actors.py`), the pack loader (`actors_pack.py`) and the cross-document index
(`actors_index.py`), so the three agree on when two names are "the same".
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

#: Honorifics carry no office, so they are dropped from names and give no role.
HONORIFICS = frozenset(
    {
        "sheikh",
        "sheik",
        "shaikh",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "ayatollah",
        "seyyed",
        "sayyed",
        "sayyid",
        "hajj",
        "haj",
    }
)

ACTOR_TYPES = (
    "person",
    "government",
    "state",
    "armed_group",
    "mediator",
    "intl_org",
    "media",
    "other",
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^a-z0-9']+")
_ACRONYM_STOP = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "&"})


def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes: "Ḥamās’" -> "hamas'"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_tokens(text: str) -> list[str]:
    """Comparable tokens of a name: "the Sheikh Majed al-Ansari's" -> ["majed", "al", "ansari"].

    Dots vanish so "U.S." equals "US"; hyphens split so "al-Ansari" equals "Al Ansari".
    """
    return list(_name_tokens(text))


@lru_cache(maxsize=65536)  # the same few hundred names recur in every document
def _name_tokens(text: str) -> tuple[str, ...]:
    folded = fold(text).replace(".", "")
    folded = re.sub(r"'s\b|'$", "", folded)
    tokens = [t.strip("'") for t in _NON_WORD.split(folded)]
    tokens = [t for t in tokens if t]
    while tokens and (tokens[0] == "the" or tokens[0] in HONORIFICS) and len(tokens) > 1:
        tokens = tokens[1:]
    return tuple(tokens)


def normalize_name(text: str) -> str:
    return " ".join(_name_tokens(text))


def slugify(text: str) -> str:
    return "-".join(name_tokens(text)) or "unnamed"


def acronym(text: str) -> str:
    """Initials of the capitalised words: "Israel Defense Forces" -> "IDF"."""
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    letters = [w[0] for w in words if w[0].isupper() and w.lower() not in _ACRONYM_STOP]
    return "".join(letters) if len(letters) >= 2 else ""


def is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper()


def token_set_ratio(a: str, b: str) -> float:
    """fuzzywuzzy-style token-set ratio in [0, 1], on normalised names."""
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    if not ta or not tb:
        return 0.0
    common = " ".join(sorted(ta & tb))
    rest_a = " ".join(sorted(ta - tb))
    rest_b = " ".join(sorted(tb - ta))
    full_a = f"{common} {rest_a}".strip()
    full_b = f"{common} {rest_b}".strip()
    pairs = [(full_a, full_b)]
    if common:
        pairs += [(common, full_a), (common, full_b)]
    return max(SequenceMatcher(None, x, y).ratio() for x, y in pairs)


def name_ratio(a: str, b: str) -> float:
    """Similarity of whole names, word order aside: spelling variants, not subsets.

    "Hizbollah" ~ "Hezbollah", but "India" is not "Air India" (token-set ratio says 1.0).
    """
    ta, tb = sorted(set(name_tokens(a))), sorted(set(name_tokens(b)))
    return SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() if ta and tb else 0.0


def is_suffix(short: list[str], full: list[str]) -> bool:
    """`short` names the same person as `full` by its last tokens ("Netanyahu", "Al Ansari")."""
    return 0 < len(short) <= len(full) and full[-len(short) :] == short


#: Generation marks after a surname: "James Kennedy Jr." is "Kennedy" for short.
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def core_name(tokens: list[str]) -> list[str]:
    """A person's name without generation marks and middle initials ("Patrick W. Carlineo
    Jr." -> patrick carlineo), the parts other mentions of the same person keep."""
    core = list(tokens)
    while len(core) > 1 and core[-1] in _GENERATIONS:
        core.pop()
    return [t for i, t in enumerate(core) if len(t) > 1 or i in (0, len(core) - 1)]


def same_person(short: list[str], full: list[str]) -> bool:
    """Does `short` name the person `full` names? By the surname ("Kennedy" for "James
    Kennedy Jr."), or the same surname with a short form of the given name ("Pat Carlineo"
    for "Patrick W. Carlineo")."""
    a, b = core_name(short), core_name(full)
    if is_suffix(short, full) or is_suffix(a, b):
        return True
    return len(a) == len(b) == 2 and a[1] == b[1] and len(a[0]) > 2 and b[0].startswith(a[0])


# --- types of actors the pack does not know -------------------------------------------------

# Order matters: a news *agency* is media before any agency is government, and an
# *international* court is an organisation before a court is a state body.
_INTL_CUES = (
    "united nations",
    "un",
    "red cross",
    "red crescent",
    "world health organization",
    "world health organisation",
    "unicef",
    "unrwa",
    "world food programme",
    "international court",
    "international criminal court",
    "european union",
    "eu",
    "nato",
    "arab league",
    "african union",
    "international committee",
)
_MEDIA_CUES = (
    "news",
    "press",
    "times",
    "post",
    "tv",
    "television",
    "channel",
    "radio",
    "broadcasting",
    "broadcaster",
    "newspaper",
    "gazette",
    "herald",
    "tribune",
    "journal",
    "daily",
    "newswire",
    "wire",
    "media",
)
_GOVERNMENT_CUES = (
    "ministry",
    "ministries",
    "government",
    "cabinet",
    "department",
    "office",
    "parliament",
    "knesset",
    "presidency",
    "administration",
    "authority",
    "intelligence",
    "agency",
    "service",
    "police",
    "court",
    "white house",
)
# "group" alone is too broad (campaign groups, business groups): only armed words count.
_ARMED_CUES = (
    "army",
    "brigades",
    "brigade",
    "forces",
    "militia",
    "militias",
    "guards",
    "corps",
    "battalion",
    "battalions",
    "armed wing",
    "military wing",
    "armed group",
    "militant group",
    "jihad",
)
_PLACE_CUES = ("city", "strip", "camp", "province", "governorate", "district", "region")


def _has_cue(tokens: list[str], cues: tuple[str, ...]) -> bool:
    joined = f" {' '.join(tokens)} "
    return any(f" {cue} " in joined for cue in cues)


def guess_type(label: str, name: str) -> str:
    """Actor type from the NER label and words of the name, for actors outside the pack."""
    tokens = name_tokens(name)
    if label == "PERSON":
        return "person"
    if label == "GPE":
        return "other" if _has_cue(tokens, _PLACE_CUES) else "state"
    if label != "ORG":
        return "other"
    if name.endswith(("TV", "News", "NEWS")):  # "NDTV", "i24NEWS": no space before the cue
        return "media"
    for cues, kind in (
        (_INTL_CUES, "intl_org"),
        (_MEDIA_CUES, "media"),
        (_ARMED_CUES, "armed_group"),
        (_GOVERNMENT_CUES, "government"),
    ):
        if _has_cue(tokens, cues):
            return kind
    return "other"


#: Types that may be one actor seen two ways (a state acting as mediator, a government
#: department read as the state). "other" is the fallback type, so it fits anything.
_COMPATIBLE = {
    frozenset({"state", "mediator"}),
    frozenset({"government", "mediator"}),
}


def types_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b) or frozenset({a, b}) in _COMPATIBLE
