"""Tokens and stopwords for comparing outlets' wording (`outlets.distinctive_terms`).

A token is a lower-cased run of letters, with inner apostrophes and hyphens kept ("al-aqsa",
"don't"), a final possessive "'s" dropped, and numbers left out (counts and dates say what
happened, not how an outlet words it). STOPWORDS are English function words, reporting verbs
every outlet uses ("said", "told") and calendar words: words that would set outlets apart by
house style and news timing rather than by framing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves may might must shall upon within without among amid per via yet still since
    ago however although though across along around another many much several whether
    one two three four five six seven eight nine ten first second last next new
    said says say saying told tell according added adds reported statement
    mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    today yesterday tomorrow week weeks day days month months year years
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokens(text: str) -> Iterator[str]:
    """The words of a text worth comparing across outlets, lower-cased, in order."""
    for match in _TOKEN.finditer(text.lower()):
        word = match.group().replace("’", "'")
        word = word.removesuffix("'s")
        if len(word) > 1 and word not in STOPWORDS:
            yield word
