"""Finding temporal expressions: run the grammar over the text, keep the plausible matches, the
longest where they overlap, then add the modifiers around them and join a clock time to its day.

Plausibility needs the parse ("May" the month is a proper noun, "fall" the season a noun, "1990"
a year when NER says DATE or a preposition of time comes before it), so this module reads a Doc.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from storyline.nlp.doc_cache import doc_text
from storyline.nlp.timex_grammar import RULES, Reading
from storyline.nlp.timex_lexicon import AMBIGUOUS_MONTHS, MODS
from storyline.nlp.timex_scan import lowered_text, matches

#: Rule modules, imported in this order: registration order breaks ties between equally long
#: matches (a written date before a relative one before a duration).
RULE_MODULES = ("storyline.nlp.timex_rules_relative", "storyline.nlp.timex_rules_amounts")
for _module in RULE_MODULES:
    importlib.import_module(_module)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: str
    reading: Reading
    check: str = ""  # what the parse must confirm: "propn", "noun", "year", "adverb" or ""
    matched: int = 0  # length of the whole match, context included: longer matches win


#: Words before a bare number that make it a year ("in 1990", "since 2001").
YEAR_CUES = frozenset(
    {"in", "since", "by", "of", "from", "until", "till", "through", "before", "after", "during",
     "to", "early", "late", "mid", "and", "or", "between", "around", "about", "fiscal", "circa",
     "the", "summer", "spring", "fall", "winter"}
)  # fmt: skip
NAME_GROUPS = ("month", "wd", "wd2", "wd3")


def find(text: str) -> list[Candidate]:
    """Every rule match whose handler gives a reading (overlapping ones included)."""
    found = []
    lowered = lowered_text(text)
    for rule in RULES:
        for m in matches(rule.regex, rule.scan, text, lowered):
            if not _names_capitalised(m):
                continue
            reading = rule.handler(m)
            if reading is None:
                continue
            start, end = m.span("x") if "x" in m.groupdict() else m.span()
            if reading.type == "DURATION" and m.groupdict().get("post"):
                end = m.start("post")  # "an hour [later]": the duration without its cue
            check = _check(rule.name, m)
            found.append(Candidate(start, end, rule.name, reading, check, m.end() - m.start()))
    return found


def _drop_sentence_dot(text: str, cand: Candidate) -> Candidate:
    """Without the last dot when it also ends the sentence ("at 10 p.m. Police said"):
    TimeBank leaves that dot out of the extent, as its tokenizer splits it off."""
    end = cand.end
    if text[end - 1 : end] != "." or not text[end - 2 : end - 1].isalpha():
        return cand
    rest = text[end : end + 3]
    ends_sentence = rest == "" or rest[0] == "\n" or (rest[:1] == " " and rest[1:2].isupper())
    return replace(cand, end=end - 1) if ends_sentence else cand


def _names_capitalised(m: re.Match[str]) -> bool:
    """Month and weekday names count only when capitalised ("may" is a verb, "march" too)."""
    groups = m.groupdict()
    return all(not groups.get(g) or groups[g][0].isupper() for g in NAME_GROUPS)


def _check(rule: str, m: re.Match[str]) -> str:
    groups = m.groupdict()
    if rule == "month_alone" and not (groups.get("year") or groups.get("deictic")):
        month = (groups.get("month") or "").lower().rstrip(".")
        return "propn" if month in AMBIGUOUS_MONTHS else ""
    if rule == "season" and not groups.get("year"):
        return "noun"
    if rule == "year_alone" and not groups.get("fiscal"):
        return "year"
    if rule == "set_adverb":
        return "adverb"
    return ""


def plausible(doc: Doc, cand: Candidate) -> bool:
    """Does the parse agree with the rule's reading?"""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if cand.check == "propn":
        return any(t.pos_ == "PROPN" for t in span)
    if cand.check == "noun":
        return span[-1].pos_ in ("NOUN", "PROPN") or span[-1].tag_ == "NNP"
    if cand.check == "year":
        return _is_year(doc, span)
    if cand.check == "adverb":  # "daily rallies", "rallies daily", not "the daily Granma"
        return span[-1].pos_ not in ("NOUN", "PROPN")
    return True


def _is_year(doc: Doc, span: Span) -> bool:
    if any(t.ent_type_ == "DATE" for t in span):
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in YEAR_CUES or after in ("-", "to", "and") or before == "-"


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: the longest first, then the earlier-registered rule."""
    ranked = sorted(
        enumerate(candidates),
        key=lambda ic: (-max(ic[1].matched, ic[1].end - ic[1].start), ic[0], ic[1].start),
    )
    chosen: list[Candidate] = []
    for _, cand in ranked:
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# --- modifiers around an expression ----------------------------------------------------------

#: Modifiers taken into the extent, by the type of expression they precede.
_MOD_DATE = r"(?:early|late|mid)-?|the\s+(?:beginning|start|end|middle|close)\s+of|earlier|later"
_MOD_AMOUNT = (
    r"more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|nearly|almost|up\s+to|"
    r"no\s+more\s+than|no\s+less\s+than|over|under|around|about|approximately|roughly|some"
)
_MOD_OUTSIDE = frozenset({"about", "approximately", "roughly", "some"})
_PREFIX = re.compile(r"(?<![\w-])(?P<mod>" + _MOD_DATE + "|" + _MOD_AMOUNT + r")\s*$", re.I)


def add_modifiers(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Take 'early', 'the end of', 'more than', 'nearly' ... into the expression (its mod)."""
    out = []
    for cand in cands:
        m = _PREFIX.search(text, max(0, cand.start - 24), cand.start)
        out.append(_with_prefix(cand, m) if m else cand)
    return out


def _with_prefix(cand: Candidate, m: re.Match[str]) -> Candidate:
    """The candidate grown by the modifier before it, when the modifier applies to it."""
    mod_text = " ".join(m.group("mod").lower().split()).rstrip("-")
    reading = cand.reading
    following = m.string[cand.start : cand.start + 4].lower()
    if not _mod_applies(mod_text, reading, following):
        return cand
    new = replace(reading, mod=reading.mod or MODS.get(mod_text, "APPROX"))
    start = m.start("mod") if _mod_inside(mod_text, reading) else cand.start
    return replace(cand, start=start, reading=new)


def _is_distance(reading: Reading) -> bool:
    return (reading.relative or "").startswith("offset:")  # "two years ago", "a day later"


def _mod_applies(mod_text: str, reading: Reading, following: str) -> bool:
    if re.fullmatch(_MOD_DATE, mod_text):  # "early", "the end of": a date with a granularity
        return reading.type in ("DATE", "TIME") and reading.granularity != "none"
    if mod_text in ("over", "under"):  # "over the past 20 years": there it is a preposition
        return reading.type == "DURATION" and following != "the "
    return reading.type in ("DURATION", "TIME") or _is_distance(reading)


def _mod_inside(mod_text: str, reading: Reading) -> bool:
    """TimeBank keeps "about" out of "about [two weeks]" but in "[about two years ago]", and
    of the approximations takes only "around" into a clock time."""
    if reading.type == "TIME":
        return mod_text == "around"
    return mod_text not in _MOD_OUTSIDE or _is_distance(reading)


# --- a clock time and its day ----------------------------------------------------------------

_DAY_RULES = frozenset(
    {"weekday", "month_day", "day_month", "day_word", "iso_date", "us_numeric_date"}
)
_GAP = re.compile(r"\s*,?\s*")


def join_clock_times(text: str, cands: list[Candidate]) -> list[Candidate]:
    """'9 a.m. Tuesday', 'Nov. 9, 10 p.m.': one TIME whose day comes from the day part."""
    out: list[Candidate] = []
    for cand in cands:
        prev = out[-1] if out else None
        if prev and _GAP.fullmatch(text[prev.end : cand.start]) and _pair(prev, cand):
            out[-1] = _joined(prev, cand)
        else:
            out.append(cand)
    return out


def _pair(a: Candidate, b: Candidate) -> bool:
    rules = {a.rule, b.rule}
    return "clock" in rules and bool(rules & _DAY_RULES) and a.rule != b.rule


def _joined(a: Candidate, b: Candidate) -> Candidate:
    clock, day = (a, b) if a.rule == "clock" else (b, a)
    hhmm = (clock.reading.relative or "").partition("@")[2]
    day_reading = day.reading
    if day_reading.value:
        reading = replace(day_reading, type="TIME", value=day_reading.value + hhmm)
    elif day_reading.relative and "@" not in day_reading.relative:
        reading = replace(day_reading, type="TIME", relative=f"{day_reading.relative}@{hhmm}")
    else:
        reading = day_reading
    return Candidate(a.start, b.end, day.rule, replace(reading, granularity="time"))


def detect(doc: Doc) -> list[Candidate]:
    """The temporal expressions in a parsed Doc, in text order, before anchoring."""
    text = doc_text(doc)
    found = [c for c in find(text) if plausible(doc, c)]
    chosen = join_clock_times(text, add_modifiers(text, select(found)))
    return [_drop_sentence_dot(text, c) for c in chosen]
