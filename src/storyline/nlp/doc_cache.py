"""Values of a Doc that spaCy rebuilds on every access, built once instead.

spaCy joins every token's text anew each time `Doc.text` is read, runs the noun-chunk iterator
over the whole parse for each `Doc.noun_chunks`, makes new `Span`s for each `Doc.ents`, and
scans for the sentence edges on each `Token.sent`. A helper that reads them per figure, per
quote or per event makes a component quadratic in the length of the document, so the
components read them through these functions:

- `doc_text(doc)` is kept for as long as the Doc lives: its text never changes (retokenizing
  merges or splits tokens, never characters). `span_text(span)` cuts a span's text from it.
- `entities(doc)`, `noun_chunks(doc)`, `sentence_of(token)` and `lower_words(doc)` come from
  annotations a caller may set again between two components; they are kept only inside
  `parse_cache(doc)`, which each component holds for the length of its own call. Outside it
  they are built each time. Noun chunks, the dearest, are also kept from one component to the
  next while the parse they were read from (heads, labels, parts of speech) is unchanged.

Entries are keyed weakly by the Doc, so a Doc that is dropped takes its entries with it (what is
kept beyond a component's call must therefore not refer to the Doc: no Spans, no Tokens).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import DEP, HEAD, IDX, LOWER, POS
from spacy.lang.en.syntax_iterators import noun_chunks as english_chunks
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()
_PARSES: WeakKeyDictionary[Doc, dict[str, Any]] = WeakKeyDictionary()
_CHUNKS: WeakKeyDictionary[Doc, tuple[bytes, tuple[tuple[int, int, int], ...]]] = (
    WeakKeyDictionary()
)
#: test -> {string id: test(string)}, for `tokens_where` (a string's id is its hash).
_VERDICTS: dict[Callable[[str], bool], dict[int, bool]] = {}
_MAX_VERDICTS = 1 << 17


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed on the first call for this Doc only."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (`nlp.make_doc(text)`), which is its `doc.text`:
    joining it back from the tokens makes a Token object per word."""
    last = doc[-1] if len(doc) else None
    end = last.idx + len(last.text_with_ws) if last is not None else 0
    if end == len(text):  # else not this Doc's text after all: it is joined on first use
        _TEXTS[doc] = text


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text rather than joined from the span's tokens."""
    return doc_text(span.doc)[span.start_char : span.end_char]


@contextmanager
def parse_cache(doc: Doc) -> Iterator[None]:
    """Within the block, the annotation-based values below are built once."""
    if doc in _PARSES:  # already held by an outer block
        yield
        return
    _PARSES[doc] = {}
    try:
        yield
    finally:
        _PARSES.pop(doc, None)


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`."""
    return _cached(doc, "ents", lambda: tuple(doc.ents))


def noun_chunks(doc: Doc) -> tuple[Span, ...]:
    """`tuple(doc.noun_chunks)` (raises as spaCy does when the Doc has no parse)."""
    return _cached(doc, "noun_chunks", lambda: _parse_chunks(doc))


def _parse_chunks(doc: Doc) -> tuple[Span, ...]:
    parse = doc.to_array([HEAD, DEP, POS]).tobytes()  # what the chunk iterator reads
    kept = _CHUNKS.get(doc)
    if kept is None or kept[0] != parse:
        # Offsets, not Spans: a Span holds its Doc, and the Doc would never be let go.
        kept = _CHUNKS[doc] = (parse, _chunk_bounds(doc))
    return tuple(Span(doc, start, end, label=label) for start, end, label in kept[1])


#: The dependency labels spaCy's English chunk iterator takes a noun as the head of a chunk by.
_NP_DEPS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr",
            "ROOT")  # fmt: skip
_NOUNISH = numpy.array([NOUN, PROPN, PRON], dtype=numpy.uint64)


def _chunk_bounds(doc: Doc) -> tuple[tuple[int, int, int], ...]:
    """(start, end, label) of `doc.noun_chunks`. For English, spaCy's own rule run over the
    parse's columns: its iterator makes a Token object for every word of the Doc, and that
    was the dearest part of the figures component. Other languages get spaCy's iterator."""
    if doc.vocab.get_noun_chunks is not english_chunks or not doc.has_annotation("DEP"):
        return tuple((c.start, c.end, c.label) for c in doc.noun_chunks)
    strings = doc.vocab.strings
    np_deps = {strings.add(label) for label in _NP_DEPS}
    conj, np_label = strings.add("conj"), strings.add("NP")
    columns = doc.to_array([POS, DEP, HEAD]).astype(numpy.int64)  # HEAD: signed offset
    dep, head = columns[:, 1].tolist(), columns[:, 2].tolist()
    found: list[tuple[int, int, int]] = []
    prev_end = -1
    for i in numpy.flatnonzero(numpy.isin(columns[:, 0], _NOUNISH.astype(numpy.int64))).tolist():
        if dep[i] not in np_deps:
            if dep[i] != conj:
                continue
            top = i + head[i]  # up the chain of conjuncts to the first one, as spaCy does
            while dep[top] == conj and head[top] < 0:
                top += head[top]
            if dep[top] not in np_deps:
                continue
        left = doc[i].left_edge.i
        if left <= prev_end:  # no nested chunks
            continue
        prev_end = i
        found.append((left, i + 1, np_label))
    return tuple(found)


def lower_words(doc: Doc) -> list[str]:
    """`token.lower_` of every token, by index: a sentence's words are a slice of it."""
    return _cached(doc, "lower", lambda: _column_strings(doc, LOWER))


def _column_strings(doc: Doc, attr: int) -> list[str]:
    # From the attribute's column and the string store: no Token object per word.
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attr).tolist()]


def tokens_between(doc: Doc, start: int, end: int) -> Span:
    """The tokens that begin at a character offset in [start, end), as a Span."""
    starts = _cached(doc, "idx", lambda: doc.to_array(IDX).tolist())
    return doc[bisect_left(starts, start) : bisect_left(starts, end)]


def sentence_of(token: Token) -> Span:
    """`token.sent`: the sentence from `doc.sents` that holds the token."""
    doc = token.doc
    if doc.user_hooks or doc.user_span_hooks or doc.user_token_hooks:
        return token.sent  # a custom sentence definition: ask it every time
    starts, sents = _cached(doc, "sents", lambda: _sentences(doc))
    return sents[bisect_right(starts, token.i) - 1]


def _sentences(doc: Doc) -> tuple[list[int], tuple[Span, ...]]:
    sents = tuple(doc.sents)  # raises as `token.sent` does when nothing set the boundaries
    return [sent.start for sent in sents], sents


def tokens_where(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """Indices of the tokens whose `attr` (ORTH, LOWER, LEMMA, TAG ...) passes `test`.

    For the rare tokens a component looks for (a reporting verb, a number, a role word): the
    tokens are picked out of the attribute's column at once, not read one by one, and the
    verdict on each string is remembered. `test` must be a pure function that lives on (a
    module's function, a method of a component's lexicon), not a lambda made per call.
    """
    column = doc.to_array(attr)
    verdicts = _VERDICTS.setdefault(test, {})
    if len(verdicts) > _MAX_VERDICTS:
        verdicts.clear()
    wanted = []
    for key in numpy.unique(column).tolist():
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = test(doc.vocab.strings[key])
        if verdict:
            wanted.append(key)
    chosen = numpy.isin(column, numpy.array(wanted, dtype=column.dtype))
    return numpy.flatnonzero(chosen).tolist()


def cached(doc: Doc, name: str, build: Callable[[], T]) -> T:
    """`build()`, kept under `name` while a `parse_cache(doc)` block lasts; a component's own
    per-Doc value (what is kept may refer to the Doc: it goes with the block)."""
    return _cached(doc, name, build)


def _cached(doc: Doc, name: str, build: Callable[[], T]) -> T:
    cache = _PARSES.get(doc)
    if cache is None:
        return build()
    if name not in cache:
        cache[name] = build()
    value: T = cache[name]
    return value
