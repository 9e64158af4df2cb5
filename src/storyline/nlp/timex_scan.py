"""Running the grammar's rules over a text: the same matches as `regex.finditer`, found faster.

Each rule's regex is IGNORECASE and scanning costs it an attempt at every word start, so the
rules took most of `storyline_time`'s time, though in a news article most find nothing. Two
shortcuts, both worked out once per rule when it is registered (`prepare`):

- a gate: the lower-case words one of which every match must contain ("century" for the
  century rule, the month names for dates), read from the parsed regex. A rule whose words are
  all absent from the text is not run. A regex with no such words (a bare year) always runs.
- a case-sensitive twin: when the pattern's letters are all lower-case and it sets no flags
  inside, the twin run over the lower-cased text matches where the rule matches in the text
  (comparing lower-cased characters is what IGNORECASE does), and faster. Each match it finds
  is taken again from the rule's own regex at the same place, so handlers see the real text.

Both compare against `text.lower()`, which differs from IGNORECASE for four characters only:
the non-ASCII letters IGNORECASE equates with ASCII ones (İ ı ſ K); a text with one of them
is scanned with the plain regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

try:  # the regex parser of the `re` module (Python 3.11+)
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: no shortcut, every rule runs as is
    sre = sre_parse = None

_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ K
#: Largest set of alternatives tracked for one piece of a pattern ("jan" | "feb" | ...).
_MAX_ALTERNATIVES = 256

Words = set[str]
Info = tuple[Words | None, Words | None]  # (every string it matches, strings a match contains)


@dataclass(frozen=True)
class Scan:
    needs: tuple[str, ...] | None = None  # a match contains one of these; None: unknown
    twin: re.Pattern[str] | None = None  # case-sensitive regex for the lower-cased text


def prepare(regex: re.Pattern[str]) -> Scan:
    """The shortcuts for one rule; none when its regex cannot be read."""
    if sre_parse is None:
        return Scan()
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags).data
        exact, needed = _sequence(parsed)
        words = needed if needed is not None else _nonempty(exact)
        twin = None
        if _lower_case_only(parsed):
            twin = re.compile(regex.pattern, regex.flags & ~re.IGNORECASE)
    except Exception:  # an unexpected parse tree: no shortcut rather than a wrong one
        return Scan()
    return Scan(_shortest(words) if words else None, twin)


def lowered_text(text: str) -> str | None:
    """The text as the shortcuts compare it, or None when they must not be used."""
    return None if _CASE_TRAPS.intersection(text) else text.lower()


def matches(
    regex: re.Pattern[str], scan: Scan, text: str, lowered: str | None
) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text)` yields; `lowered` is `lowered_text(text)`."""
    if lowered is None:
        return regex.finditer(text)
    if scan.needs is not None and not any(word in lowered for word in scan.needs):
        return iter(())
    if scan.twin is None:
        return regex.finditer(text)
    found = []
    for twin_match in scan.twin.finditer(lowered):
        match = regex.match(text, twin_match.start())
        if match is None or match.end() != twin_match.end():  # cannot happen; stay exact
            return regex.finditer(text)
        found.append(match)
    return iter(found)


# --- the words every match contains ----------------------------------------------------------


def _nonempty(words: Words | None) -> Words | None:
    """The set as a requirement: not when it allows the empty string (or is empty)."""
    return words if words and "" not in words else None


def _shortest(words: Words) -> tuple[str, ...]:
    """Without the words that contain another one: "-day" is found wherever "-day-ago" is."""
    kept: list[str] = []
    for word in sorted(words, key=lambda w: (len(w), w)):
        if not any(shorter in word for shorter in kept):
            kept.append(word)
    return tuple(kept)


def _sequence(items: Any) -> Info:
    """Pieces one after another: exact strings multiply out while the sets stay small; the
    requirement is the most telling of the pieces' requirements."""
    current: Words = {""}  # what the pieces since the last unknown one match, multiplied out
    options: list[Words | None] = []
    all_exact = True
    for op, arg in items:
        exact, needed = _piece(op, arg)
        if exact is not None and len(current) * len(exact) <= _MAX_ALTERNATIVES:
            current = {a + b for a in current for b in exact}
            continue
        all_exact = False
        options.append(_nonempty(current))
        current = set(exact) if exact is not None else {""}
        options.append(needed)
    if all_exact:
        return current, _nonempty(current)
    options.append(_nonempty(current))
    known = [option for option in options if option]
    return None, max(known, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _piece(op: Any, arg: Any) -> Info:
    if op is sre.LITERAL:
        char = _char(arg)
        return ({char}, {char}) if char is not None else (None, None)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}, None  # zero-width: adds no characters
    if op is sre.SUBPATTERN:
        return _sequence(arg[-1])
    if op is sre.BRANCH:
        return _branch(arg[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return _repeat(*arg)
    if op is sre.IN:
        chars = _class(arg)
        return chars, _nonempty(chars)
    return None, None  # any other piece (".", "\d", a back-reference): nothing known


def _branch(alternatives: Any) -> Info:
    exacts, needs = [], []
    for alternative in alternatives:
        exact, needed = _sequence(alternative)
        exacts.append(exact)
        needs.append(needed if needed is not None else _nonempty(exact))
    exact_union = _union(exacts)
    if exact_union is not None and len(exact_union) > _MAX_ALTERNATIVES:
        exact_union = None
    return exact_union, _union(needs)


def _union(sets: list[Words | None]) -> Words | None:
    if any(s is None for s in sets):
        return None
    return set().union(*sets)  # type: ignore[arg-type]


def _repeat(low: int, high: int, items: Any) -> Info:
    exact, needed = _sequence(items)
    if low == 0:
        return (exact | {""}, None) if high == 1 and exact is not None else (None, None)
    needed = needed if needed is not None else _nonempty(exact)
    return (exact if low == high == 1 else None), needed


def _class(items: Any) -> Words | None:
    """A character class of a few plain characters ("[-\\s]" is not one: "\\s" is many)."""
    chars: Words = set()
    for op, arg in items:
        if op is sre.LITERAL:
            codes = [arg]
        elif op is sre.RANGE and arg[1] - arg[0] < 16:
            codes = list(range(arg[0], arg[1] + 1))
        else:
            return None
        for code in codes:
            char = _char(code)
            if char is None:
                return None
            chars.add(char)
    return chars


def _char(code: int) -> str | None:
    char = chr(code)
    return char.lower() if char.isascii() else None


# --- may the twin run on lower-cased text? ---------------------------------------------------


def _lower_case_only(items: Any) -> bool:
    """Every character the pattern names is ASCII and not upper-case, and no group changes the
    flags (a case-sensitive part would no longer be)."""
    return all(_lower_case_piece(op, arg) for op, arg in items)


def _lower_case_piece(op: Any, arg: Any) -> bool:
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return _plain(arg)
    if op is sre.IN:
        return all(_plain_class_item(*item) for item in arg)
    if op is sre.SUBPATTERN:
        return not (arg[1] or arg[2]) and _lower_case_only(arg[-1])
    if op is sre.BRANCH:
        return all(_lower_case_only(alternative) for alternative in arg[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        return _lower_case_only(arg[2])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _lower_case_only(arg[1])
    return op in (sre.AT, sre.ANY)  # anything else (a back-reference ...): not vetted


def _plain_class_item(op: Any, arg: Any) -> bool:
    if op is sre.LITERAL:
        return _plain(arg)
    if op is sre.RANGE:
        return all(_plain(code) for code in range(arg[0], arg[1] + 1))
    return op in (sre.CATEGORY, sre.NEGATE)  # \d \s \w: the same for a letter and its lower case


def _plain(code: int) -> bool:
    char = chr(code)
    return char.isascii() and not char.isupper()
