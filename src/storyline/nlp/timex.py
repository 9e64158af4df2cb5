"""`storyline_time`: temporal expressions normalised to TIMEX3 values against the document date.

Pipeline per Doc:
1. `timex_detect.detect` runs our grammar (timex_grammar, timex_rules_relative,
   timex_rules_amounts) over the text and keeps what the parse confirms. spaCy's DATE/TIME
   entities that no rule explains are added when dateparser reads them as a full date (with
   `keep_unresolved`, also the others, valueless: a guess would be worse than nothing).
2. Each expression's direction comes from the tense of the clause that governs it
   (`timex_tense`): "on Tuesday" in a past-tense clause is the Tuesday before the document
   date, with "will" or "is set to" the one after, in the present the nearest.
3. Relative values are resolved against the document date (`doc._.sl_doc_date`), or, for
   anaphoric ones ("the next day", "a year earlier"), against the date mentioned last.
   Without a document date they stay relative: `Timex.relative` keeps the recipe, and
   `resolve(relative, anchor)` gives the value once a date is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from storyline.nlp.doc_cache import doc_text
from storyline.nlp.extensions import ensure_extensions
from storyline.nlp.records import Timex
from storyline.nlp.timex_detect import Candidate, detect
from storyline.nlp.timex_grammar import Reading
from storyline.nlp.timex_lexicon import MONTHS, WEEKDAYS
from storyline.nlp.timex_resolve import RelativeError
from storyline.nlp.timex_resolve import resolve as _resolve
from storyline.nlp.timex_tense import clause_tense, span_direction

__all__ = ["TimeComponent", "resolve", "clause_tense", "make_time_component"]

_REAL_DATE = re.compile(r"^\d{4}(-(\d\d|Q\d|H\d|W\d\d|SP|SU|FA|WI))?(-\d\d)?$")
_TIME_WORDS = re.compile(
    r"\b(year|month|week|day|quarter|decade|century|hour|minute|season|morning|evening|"
    r"night|afternoon|weekend|spring|summer|autumn|fall|winter|(?:1[5-9]|20)\d\ds?|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
    re.I,
)


def resolve(relative: str, anchor: str) -> str:
    """The TIMEX3 value of a relative value at an anchor date ("week:0", "2013-03-22" ->
    "2013-W12"); the grammar is in `timex_resolve`. Raises RelativeError on a bad recipe."""
    return _resolve(relative, anchor)


# --- anchoring -------------------------------------------------------------------------------


#: Finer granularities rank lower: an anaphoric "the next day" needs a date named to the day,
#: "that year" any date at year granularity or finer.
RANK = {"time": 0, "day": 0, "week": 1, "month": 2, "quarter": 3, "half": 3, "season": 3,
        "year": 4, "decade": 5, "century": 6}  # fmt: skip


@dataclass
class _Context:
    """What anchoring needs while walking a document's expressions in order."""

    dct: str | None
    references: list[tuple[str, str]] = field(default_factory=list)  # (value, granularity)

    def reference(self, reading: Reading) -> tuple[str, str] | None:
        """The date mentioned last that an anaphoric reading can lean on, if any."""
        if reading.anaphoric == "quarter":
            # "a year ago" in an earnings report: the quarter reported on, named earlier
            quarters = [r for r in self.references if r[1] == "quarter"]
            return quarters[-1] if quarters else None
        rank = RANK.get(reading.granularity, 0)
        for value, gran in reversed(self.references):
            if RANK.get(gran, 9) <= rank:
                return value, gran
        return None


def _anchor(reading: Reading, ctx: _Context) -> tuple[str | None, str | None]:
    """The date to resolve against, and the reference's granularity when it is not the DCT."""
    ref = ctx.reference(reading) if reading.anaphoric else None
    return (ref[0], ref[1]) if ref else (ctx.dct, None)


def _recipe(reading: Reading, direction: int, ref_gran: str | None) -> str:
    relative = reading.relative or ""
    if ref_gran is not None:
        direction = 0  # "the week" of a date already named is that week
        if relative.startswith("offset:") and ref_gran == "quarter" and "@" not in relative:
            relative += ":quarter"  # "a year earlier" than a quarter is that quarter a year back
    # "?" takes the tense's direction; "~" never looks forward only (a quarter named in the
    # future tense is mostly the one just over, whose results are to come).
    relative = relative.replace("~", str(min(direction, 0)))
    return relative.replace("?", str(direction) if direction <= 0 else "+1")


def to_timex(doc: Doc, cand: Candidate, ctx: _Context) -> Timex:
    """The record for one expression, resolved when an anchor is known."""
    reading = cand.reading
    text = doc_text(doc)[cand.start : cand.end]
    base = Timex(cand.start, cand.end, text, reading.type, reading.value,
                 reading.granularity, reading.mod)  # fmt: skip
    if not reading.relative:
        return base
    anchor, ref_gran = _anchor(reading, ctx)
    relative = _recipe(reading, span_direction(doc, cand.start, cand.end), ref_gran)
    if anchor is None:
        return replace(base, value=None, relative=relative)
    try:
        value = resolve(relative, anchor)
    except RelativeError:
        return replace(base, value=None, relative=relative)
    return replace(base, value=value, relative=relative, anchor=anchor)


def _remember(ctx: _Context, timex: Timex) -> None:
    """Dates named in the text become the reference for later anaphoric expressions."""
    value = (timex.value or "").split("T")[0]
    if timex.type in ("DATE", "TIME") and _REAL_DATE.match(value):
        ctx.references.append((value, timex.granularity))


# --- spaCy entities no rule explains -----------------------------------------------------------

#: Words spaCy puts at the edges of DATE entities that TimeBank leaves out.
_TRIM_START = frozenset(
    {"on", "in", "at", "by", "for", "since", "until", "from", "during", "of", "his", "her",
     "its", "their", "our", "my", "your"}
)  # fmt: skip
_TRIM_END = frozenset({"of", "and", "or", "to", "'s"})
_AGE = re.compile(r"\bold\b|-old\b", re.I)


def entity_candidates(
    doc: Doc, taken: list[Candidate], keep_unresolved: bool = False
) -> list[Candidate]:
    """DATE/TIME entities that overlap no rule match and contain a word of time: kept when
    dateparser reads them as an absolute date, or (keep_unresolved) with no value at all.
    A timex without a value costs value F1 as much as a false one, hence the default."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not _TIME_WORDS.search(ent.text):
            continue
        if _AGE.search(ent.text):
            continue  # "6-year-old", "52 years old": ages are not timexes
        span = _trim(ent)
        if span is None or any(span.start_char < c.end and c.start < span.end_char for c in taken):
            continue
        value, gran = absolute_value(span.text)
        if value is None and not keep_unresolved:
            continue
        kind = "TIME" if ent.label_ == "TIME" and value is None else "DATE"
        reading = Reading(kind, value, granularity=gran)
        out.append(Candidate(span.start_char, span.end_char, "entity", reading))
    return out


_DATEPARSER_PARTS = ((("day", "month", "year"), "day"), (("month", "year"), "month"))
_YEAR_DIGITS = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_GLUE_WORDS = frozenset({"the", "of", "st", "nd", "rd", "th"})


def absolute_value(text: str) -> tuple[str | None, str]:
    """A date written in full that our grammar does not know ("2013/03/22", "22.3.2013"), read
    by dateparser. Only text made of a year, numbers and month or weekday names is tried:
    dateparser fills whatever is missing from today's date ("last week"), which is no use."""
    words = {w.lower().rstrip(".") for w in re.findall(r"[A-Za-z]+\.?", text)}
    if not _YEAR_DIGITS.search(text) or words - set(MONTHS) - set(WEEKDAYS) - _GLUE_WORDS:
        return None, "none"
    try:
        import dateparser  # slow to import; only needed for the rare leftover entity
    except ImportError:  # an optional helper: without it such entities are left out
        return None, "none"
    for parts, gran in _DATEPARSER_PARTS:
        settings = {"REQUIRE_PARTS": list(parts), "RETURN_AS_TIMEZONE_AWARE": False}
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        if parsed is not None:
            return parsed.strftime("%Y-%m-%d" if gran == "day" else "%Y-%m"), gran
    return None, "none"


def _trim(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].lower_ in _TRIM_START or ent.doc[start].is_punct):
        start += 1
    while end > start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].lower_ in _TRIM_END):
        end -= 1
    return ent.doc[start:end] if end > start else None


# --- the component ---------------------------------------------------------------------------


class TimeComponent:
    """Adds `doc._.sl_timexes`: every temporal expression, TIMEX3-normalised."""

    def __init__(self, use_entities: bool = True, keep_unresolved: bool = False) -> None:
        self.use_entities = use_entities
        self.keep_unresolved = keep_unresolved

    def __call__(self, doc: Doc) -> Doc:
        doc._.sl_timexes = self.timexes(doc)
        return doc

    def timexes(self, doc: Doc) -> list[Timex]:
        cands = detect(doc)
        if self.use_entities:
            extra = entity_candidates(doc, cands, self.keep_unresolved)
            cands = sorted(cands + extra, key=lambda c: c.start)
        ctx = _Context(dct=doc._.sl_doc_date)
        out = []
        for cand in cands:
            timex = to_timex(doc, cand, ctx)
            _remember(ctx, timex)
            out.append(timex)
        return out


@Language.factory(
    "storyline_time",
    assigns=["doc._.sl_timexes"],
    requires=["token.dep", "token.tag"],
    default_config={"use_entities": True, "keep_unresolved": False},
)
def make_time_component(
    nlp: Language, name: str, use_entities: bool, keep_unresolved: bool
) -> TimeComponent:
    ensure_extensions()
    return TimeComponent(use_entities=use_entities, keep_unresolved=keep_unresolved)
