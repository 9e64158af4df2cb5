"""Find quoted spans from the quote marks alone (no parse): straight and curly, nested, multi-paragraph.

Rules (news style):
- Double marks (" “ ” „ « ») open and close top-level quotes; single marks (' ‘ ’) open top-level
  quotes too, but only at a word start, because the same characters are apostrophes.
- Marks of the other family inside an open quote are a nested quote, recorded on the outer one.
- A quote still open at a paragraph end continues when the next paragraph opens with a mark of
  the same family (the news convention for quotes over several paragraphs); otherwise it ends
  with the paragraph, so one stray mark cannot swallow the rest of the article.
- The content excludes the marks and trailing ``, ; : .`` (kept: ``? !``), so offsets match the
  words quoted, not the punctuation the reporter put around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
DOUBLE = DOUBLE_OPEN + DOUBLE_CLOSE + '"'
SINGLE = SINGLE_OPEN + SINGLE_CLOSE + "'"
#: Characters after which a straight mark opens a quote.
_BEFORE_OPEN = "([{—–-/:" + DOUBLE + SINGLE
#: Characters that may follow a closing mark.
_AFTER_CLOSE = ".,;:!?)]}—–-" + DOUBLE + SINGLE
_TRAILING = " \t\n,;:."
_MARK_OR_BREAK = re.compile("[\n" + re.escape(DOUBLE + SINGLE) + "]")


@dataclass(frozen=True)
class MarkedSpan:
    """One top-level quoted span; offsets are into the scanned text."""

    start: int  # first character of the content
    end: int  # end of the content, trailing punctuation trimmed
    open_at: int  # index of the opening mark
    close_at: int  # index just after the closing mark (or the paragraph end when unclosed)
    family: str  # "double" | "single"
    nested: tuple[tuple[int, int], ...] = ()
    paragraphs: int = 1


@dataclass
class _Open:
    family: str
    content_start: int
    mark_at: int
    nested: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: int = 1


def family_of(ch: str) -> str | None:
    if ch in DOUBLE:
        return "double"
    if ch in SINGLE:
        return "single"
    return None


def mark_role(text: str, i: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe, or a mark that cannot be a quote)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in DOUBLE_OPEN or (ch in SINGLE_OPEN and not prev.isalnum()):
        return "open"
    if ch in DOUBLE_CLOSE:
        return "close"
    opens = (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
    if ch == '"':
        return "open" if opens and not closes else "close" if closes else "either"
    if prev.isalnum() and nxt.isalnum():
        return None  # don't, Israel’s
    if opens and nxt.isalnum():
        return "open"
    return "close" if closes else None


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.found: list[MarkedSpan] = []

    def run(self) -> list[MarkedSpan]:
        i = 0
        # Only line breaks and quote marks do anything: jump from one to the next.
        while (found := _MARK_OR_BREAK.search(self.text, i)) is not None:
            i = found.start()
            if self.text[i] == "\n":
                i = self._paragraph_break(i)
                continue
            family = family_of(self.text[i])
            if family is not None:
                self._mark(i, family, mark_role(self.text, i))
            i += 1
        self._paragraph_break(len(self.text))
        return self.found

    def _mark(self, i: int, family: str, role: str | None) -> None:
        if role is None:
            return
        depth = next((d for d in range(len(self.stack) - 1, -1, -1)
                      if self.stack[d].family == family), None)  # fmt: skip
        if role in ("close", "either") and depth is not None:
            entry = self.stack[depth]
            del self.stack[depth:]  # marks opened inside and never closed were apostrophes
            self._close(entry, i, i + 1)
        elif role in ("open", "either"):
            self.stack.append(_Open(family, i + 1, i))

    def _close(self, entry: _Open, content_end: int, close_at: int) -> None:
        end = _trimmed_end(self.text, entry.content_start, content_end)
        if end <= entry.content_start:
            return
        if self.stack:  # a quote inside a quote: keep it on the outermost one
            self.stack[0].nested.append((entry.content_start, end))
            return
        self.found.append(
            MarkedSpan(entry.content_start, end, entry.mark_at, close_at, entry.family,
                       tuple(entry.nested), entry.paragraphs)
        )  # fmt: skip

    def _paragraph_break(self, i: int) -> int:
        """Close or continue what is open at a paragraph end; return where to scan next."""
        if not self.stack:
            return i + 1
        outer = self.stack[0]
        del self.stack[1:]
        j = i
        while j < len(self.text) and self.text[j].isspace():
            j += 1
        reopened = j < len(self.text) and family_of(self.text[j]) == outer.family
        if reopened and mark_role(self.text, j) == "open":
            outer.paragraphs += 1
            return j + 1
        self.stack.clear()
        if outer.family == "double":  # an unclosed single mark was an apostrophe
            self._close(outer, i, i)
        return i + 1


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Top-level quoted spans in text order."""
    return _Scanner(text).run()
