"""Name mentions NER cut wrongly: an organisation split at "on"/"of", a title in quote marks.

Kept apart from actors_cands, which finds and trims the candidates; these run on its result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from storyline.nlp.actors_cands import Cand

_OPEN_MARKS = frozenset({'"', "\u201c", "\u2018"})
_CLOSE_MARKS = frozenset({'"', "\u201d", "\u2019"})


def joined_halves(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """One organisation NER cut in two at "on"/"of": "House Select Committee" + "on" +
    "Intelligence" is the House Select Committee on Intelligence."""
    out: list[Cand] = []
    for cand in sorted(cands, key=lambda c: c.start):
        last = out[-1] if out else None
        if (
            last is not None
            and last.label == cand.label == "ORG"
            and not (last.pack_key or cand.pack_key)
            and cand.start == last.end + 1
            and doc[last.end].lower_ in ("on", "of", "for")
        ):
            last.end = cand.end
            continue
        out.append(cand)
    return out


def quoted_title(doc: Doc, cand: Cand) -> bool:
    """A name that is all of what a pair of quote marks holds is a title ("Mary Poppins",
    "Bambi" among films), not someone who acts."""
    text = doc.text
    span = cand.span(doc)
    before = text[max(0, span.start_char - 1) : span.start_char]
    after = text[span.end_char : span.end_char + 2].lstrip(",.!?")
    return before in _OPEN_MARKS and after[:1] in _CLOSE_MARKS
