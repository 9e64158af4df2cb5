"""What a figure counts and where and when: the scope that links figures into one series.

Pure functions over figure dicts (as the store returns them). A series is keyed by the
figure's category, its counted thing, its place and, for a count of a fixed past moment
("killed on October 7"), that moment; a running count ("killed since the war began") has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.nlp.timex_lexicon import MONTHS, WEEKDAY_CODES, WEEKDAYS
from storyline.nlp.timex_resolve import RelativeError, resolve

#: Counted heads that name the same population in a death or casualty toll: outlets alternate
#: "Palestinians" and "people" for the same Gaza figure. Subsets (children, soldiers) stay apart.
PEOPLE = frozenset(
    {"people", "person", "palestinian", "israeli", "civilian", "resident", "individual",
     "inhabitant", "citizen", "national"}
)  # fmt: skip
SAME_AS = {"captive": "hostage", "abductee": "hostage", "detainee": "prisoner",
           "inmate": "prisoner", "kid": "child", "militant": "fighter", "gunman": "fighter",
           "terrorist": "fighter", "combatant": "fighter", "lorry": "truck"}  # fmt: skip
IRREGULAR = {"people": "people", "children": "child", "women": "woman", "men": "man",
             "gunmen": "gunman", "persons": "person"}  # fmt: skip

#: Words after the number that make it a running total, not the count of one moment.
_RUNNING = re.compile(
    r"\b(since|so far|to date|in total|in all|overall|cumulative|throughout|"
    r"until now|over the course)\b",
    re.I,
)
_PLACE = re.compile(
    r"\b(?i:in|inside|across|on|into|from)\s+(?P<the>the\s+)?"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*)(?=(?:\s*(?P<next>[\w-]+))?)"
)
_PLACE_TRAIL = re.compile(r"\s+(Strip|Region|Territory|Territories)$")
_FUNCTION_WORDS = frozenset(
    {"on", "in", "at", "since", "and", "or", "as", "after", "before", "during", "when",
     "while", "with", "by", "from", "to", "for", "of", "said", "says", "according", "over",
     "this", "last", "were", "was", "have", "has", "had", "is", "are", "but", "which", "who",
     "where", "that", "until", "amid"}
)  # fmt: skip
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
_MONTH_DAY = re.compile(
    r"\bon\s+(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]+)\.?|(?P<m2>[A-Z][a-z]+)\.?\s+(?P<d2>\d{1,2}))"
    r"(?:,?\s+(?P<y>\d{4}))?\b"
)
_WEEKDAY_OF = re.compile(
    r"\b(?P<w>[A-Z][a-z]+)(?:'s\s+(?:attack|assault|raid|strike|massacre)|\s+(?:morning|"
    r"afternoon|evening|night))"
)
#: A day after these is when the count was given ("the ministry said on Monday", "by Sunday").
_SAID = re.compile(
    r"(\b(said|says|told|announced|reported|added|stated|confirmed)\b[^.;]{0,12}|"
    r"\b(by|as of|until|through|since)\s+)$"
)
_ON_WEEKDAY = re.compile(r"\b(?:on|late on|early on|overnight on)\s+(?P<w>[A-Z][a-z]+)\b")
#: "rose to 700 on Sunday": the day is when the running count was given, not what it counts.
_RUNNING_BEFORE = re.compile(r"\b(rose to|risen to|reached|stood at|climbed to|hit|now)\s*$", re.I)
#: "killed during the operation", "killed in a strike": a count of one incident.
_INCIDENT = re.compile(
    r"\b(during|in|when)\s+(a|an|the|that|this)?\s*(\w+\s+)?(strike|airstrike|attack|raid|"
    r"operation|shooting|bombing|explosion|barrage|assault|ambush|incident|crash|collapse)\b",
    re.I,
)


@dataclass(frozen=True)
class Scope:
    category: str
    counted: str
    place: str | None
    moment: str | None  # a fixed past day or month the count is of; None for a running count


def counted_key(counted: str | None, category: str) -> str:
    """The counted thing's head, singular and folded to a shared name ("Palestinians" ->
    people, "captives" -> hostage); the category names it when the figure does not."""
    words = re.findall(r"[a-z]+", (counted or "").lower())
    if not words:
        return _category_thing(category)
    head = words[-1]
    head = IRREGULAR.get(head, _singular(head))
    head = SAME_AS.get(head, head)
    return "people" if head in PEOPLE else head


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _category_thing(category: str) -> str:
    for thing in ("hostage", "prisoner"):
        if category.startswith(thing):
            return thing
    return "people"


def local_text(figure: dict[str, Any], others: list[dict[str, Any]]) -> tuple[str, str]:
    """(text before, text after) the figure within its sentence, each cut at the nearest other
    figure of the same sentence: "1,200 killed in Israel" and "240 taken to Gaza" in one
    sentence each keep their own place."""
    sentence = figure.get("sentence") or figure.get("evidence") or {}
    text, base = str(sentence.get("text") or ""), int(sentence.get("start") or 0)
    evidence = figure.get("evidence") or {}
    start = int(evidence.get("start", base)) - base
    end = int(evidence.get("end", base)) - base
    left, right = 0, len(text)
    for other in others:
        ev = other.get("evidence") or {}
        o_start, o_end = int(ev.get("start", -1)) - base, int(ev.get("end", -1)) - base
        if 0 <= o_end <= start:
            left = max(left, o_end)
        elif end <= o_start <= len(text):
            right = min(right, o_start)
    return text[left : max(left, start)], text[min(end, right) : right]


def places(text: str) -> list[str]:
    """Place names after "in", "on", "across"... ("in the Gaza Strip" -> Gaza), in order.
    A possessive ("in Israel's bombardment") or a name used as an adjective after "the"
    ("in the Hamas attack") is not a place."""
    found = []
    for match in _PLACE.finditer(text):
        name, after = match["name"], match["next"] or ""
        if name.endswith(("'s", "’s")):
            continue  # "in Israel's bombardment": whose, not where
        name = re.split(r"['’]s\s", name)[0]  # "in Gaza City's Al-Saraya": the city
        if match["the"] and after[:1].islower() and after.lower() not in _FUNCTION_WORDS:
            continue
        name = _PLACE_TRAIL.sub("", name.strip())
        if name.split()[0].lower() in _CALENDAR or name in ("I", "A"):
            continue
        found.append(name)
    return found


def place_of(figure: dict[str, Any], before: str, after: str, known: set[str]) -> str | None:
    """The place nearest the number: first after it in its clause, else last before it, else a
    known place named in its source ("the Gaza health ministry")."""
    ahead, behind = places(after), places(before)
    if ahead:
        return ahead[0]
    if behind:
        return behind[-1]
    source = str(figure.get("attributed_to") or "")
    for name in sorted(known, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", source):
            return name
    return None


def moment_of(figure: dict[str, Any], before: str, after: str) -> str | None:
    """The fixed past day (or month) a count is of, or None for a running count (a "since" or
    "so far" after the number, or "rose to" before it): the figure's as_of when it lies two
    days or more before the report; else an "on October 7", "on Monday" or "Saturday's
    attack" after the number, read from the report date; else, for the count of one incident
    ("killed in a strike"), the day it was reported as of."""
    if _RUNNING.search(after) or _RUNNING_BEFORE.search(before):
        return None
    as_of, published = figure.get("as_of"), figure.get("_published")
    if as_of and published and _days_before(str(as_of), str(published)) >= 2:
        return str(as_of)[:10]
    if not published:
        return None
    written = _written_moment(after, str(published)[:10])
    if written is None and _INCIDENT.search(after):
        return str(as_of or published)[:10]
    return written


def _days_before(value: str, published: str) -> int:
    try:
        first = date.fromisoformat(_first_day(value))
        return (date.fromisoformat(published[:10]) - first).days
    except ValueError:
        return 0


def _first_day(value: str) -> str:
    value = value.split("T")[0]
    if re.fullmatch(r"\d{4}-\d\d", value):
        return value + "-01"
    return value[:10]


def _written_moment(after: str, published: str) -> str | None:
    match = _MONTH_DAY.search(after)
    if match:
        month = MONTHS.get((match["m1"] or match["m2"]).lower().rstrip("."))
        day = int(match["d1"] or match["d2"])
        if month and 1 <= day <= 31:
            if match["y"]:
                return f"{match['y']}-{month:02d}-{day:02d}"
            return _resolve(f"inyear:-1:{month:02d}-{day:02d}", published)
    for pattern in (_ON_WEEKDAY, _WEEKDAY_OF):
        for match in pattern.finditer(after):
            if match["w"].lower() in WEEKDAYS and not _SAID.search(after[: match.start()]):
                code = WEEKDAY_CODES[WEEKDAYS[match["w"].lower()] - 1]
                return _resolve(f"weekday:-1:{code}", published)
    return None


def _resolve(relative: str, anchor: str) -> str | None:
    try:
        return resolve(relative, anchor)
    except (RelativeError, ValueError):
        return None


_SOURCE_DROP = re.compile(r"\b(the|a|an|latest|its|their)\b|'s\b|’s\b|-run\b|-led\b", re.I)


def source_key(source: str | None, place: str | None) -> str | None:
    """A source name folded for comparison: "Gaza's health ministry", "the health ministry in
    Gaza" and "The Gaza health ministry" are one source."""
    if not source:
        return None
    text = _SOURCE_DROP.sub(" ", source.lower())
    if place:
        text = re.sub(rf"\b(in\s+)?{re.escape(place.lower())}\b", " ", text)
    words = sorted(set(re.findall(r"[a-z]+", text)) - {"in", "of", "s"})
    return " ".join(words) or None
