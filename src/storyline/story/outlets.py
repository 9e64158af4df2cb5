"""Outlet comparison (issue 6, part 6): who covered what, what each calls it, which words set
each outlet apart. Pure functions over plain inputs.

* `coverage(doc_outlets, all_outlets)`: per story or event group, which outlets covered it;
  an outlet's blind spots are the groups that at least `min_outlets` other outlets covered
  and it did not.
* `framing(texts_by_outlet, lexicon)`: per concept of a framing lexicon (the domain pack's
  `framing.yaml`: concept -> framing -> terms), how often each outlet used each term.
* `distinctive_terms(texts_by_outlet)`: the words that set each outlet apart from the others,
  by the weighted log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi and
  Quinn (2008, "Fightin' Words", Political Analysis 16(4), section 3.5.1), with z-scores.

Outlet names are compared folded (`normalise_outlet`): case, punctuation and a leading "The"
do not count, so "The Gulf Dispatch" and "gulf dispatch." are one outlet.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from storyline.story.outlets_text import STOPWORDS, tokens

__all__ = [
    "Coverage", "DistinctiveTerm", "STOPWORDS", "coverage", "distinctive_terms", "framing",
    "framing_shares", "load_lexicon", "log_odds", "normalise_outlet", "tokens", "word_counts",
]  # fmt: skip

#: Monroe et al. scale the prior corpus's word shares into a prior of total weight alpha_0,
#: which is ours to choose. By default it is a tenth of the prior corpus's size: enough to damp
#: words an outlet used a handful of times, light beside the outlets' own counts (a prior as
#: large as the corpus halves every difference; a fixed 1,000 would swamp a small story).
PRIOR_SHARE = 0.1


def normalise_outlet(name: str) -> str:
    """The comparison key of an outlet name: accents, case, punctuation, a leading "the" and
    a trailing top-level domain do not count ("The Gulf-Dispatch" = "gulf dispatch.com")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\.(com|org|net|co\.uk|co|news|ir|in|qa)$", "", text.strip())
    words = re.findall(r"[a-z0-9]+", text)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _spellings(names: Iterable[str]) -> dict[str, str]:
    """Key -> the first spelling seen of it, for display."""
    out: dict[str, str] = {}
    for name in names:
        out.setdefault(normalise_outlet(name), name)
    return out


# --- coverage --------------------------------------------------------------------------------


@dataclass
class Coverage:
    outlets: list[str]  # display names, sorted
    matrix: dict[str, dict[str, bool]]  # group -> outlet -> covered
    blind_spots: dict[str, list[str]] = field(default_factory=dict)  # outlet -> groups missed
    exclusives: dict[str, list[str]] = field(
        default_factory=dict
    )  # outlet -> groups only it covered

    def covered_by(self, group: str) -> list[str]:
        return [o for o, yes in self.matrix[group].items() if yes]

    def as_rows(self) -> list[dict[str, Any]]:
        """One row per group: {"group": id, outlet: 0/1, ..., "outlets": count}."""
        return [
            {"group": group, **{o: int(row[o]) for o in self.outlets}, "outlets": sum(row.values())}
            for group, row in self.matrix.items()
        ]


def coverage(doc_outlets: Mapping[str, Iterable[str | None]], all_outlets: Iterable[str] | None = None,
             min_outlets: int = 2) -> Coverage:  # fmt: skip
    """Which outlets covered each group (story or event id -> outlets of its documents).
    `all_outlets` lists the outlets to compare (default: every outlet seen); a group covered
    by at least `min_outlets` of them is a blind spot for each of the others."""
    seen = [o for outlets in doc_outlets.values() for o in outlets if o]
    names = _spellings(list(all_outlets or []) + seen)
    wanted = {normalise_outlet(o) for o in all_outlets} if all_outlets is not None else set(names)
    display = sorted((names[k] for k in wanted), key=normalise_outlet)
    matrix: dict[str, dict[str, bool]] = {}
    for group, outlets in doc_outlets.items():
        keys = {normalise_outlet(o) for o in outlets if o}
        matrix[group] = {names[k]: k in keys for k in sorted(wanted)}
    result = Coverage(display, matrix)
    for group, row in matrix.items():
        covered = [o for o, yes in row.items() if yes]
        if len(covered) == 1:
            result.exclusives.setdefault(covered[0], []).append(group)
        if len(covered) >= min_outlets:
            for outlet in (o for o, yes in row.items() if not yes):
                result.blind_spots.setdefault(outlet, []).append(group)
    return result


# --- framing ---------------------------------------------------------------------------------

Lexicon = dict[str, dict[str, list[str]]]  # concept -> framing -> terms


def load_lexicon(path: str | Path) -> Lexicon:
    """A framing lexicon from YAML: `concepts: {concept: {framing: [terms]}}`; a concept may
    also list its terms directly (one framing named after the concept)."""
    import yaml  # deferred: only this reader needs it

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    concepts = data.get("concepts", data)
    lexicon: Lexicon = {}
    for concept, framings in concepts.items():
        if isinstance(framings, list):
            framings = {concept: framings}
        lexicon[str(concept)] = {str(f): [str(t) for t in terms] for f, terms in framings.items()}
    return lexicon


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    # Words in order, any spacing or hyphen between them, an optional plural "s": "terror
    # group" also finds "terror groups" and "terror-group".
    words = [re.escape(w) for w in re.findall(r"[\w']+", term.lower())]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"(?:s|es)?\b", re.I)


def _count_terms(text: str, terms: list[str]) -> Counter[str]:
    """Occurrences of each term, longest first, each stretch of text counted once."""
    counts: Counter[str] = Counter()
    taken: list[tuple[int, int]] = []
    for term in sorted(terms, key=len, reverse=True):
        for match in _term_pattern(term).finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            counts[term] += 1
    return counts


def _count_all(texts: Iterable[str], terms: list[str]) -> Counter[str]:
    # Counter.update in place: `sum(counters)` copies the running total once per text.
    total: Counter[str] = Counter()
    for text in texts:
        total.update(_count_terms(text, terms))
    return total


def framing(texts_by_outlet: Mapping[str, Iterable[str]], lexicon: Mapping[str, Any]) -> dict[str, dict[str, Counter[str]]]:  # fmt: skip
    """concept -> outlet -> Counter(term -> uses) over each outlet's texts. `lexicon` maps a
    concept to {framing: [terms]} (or straight to [terms]); outlets spelled differently are
    merged under their first spelling."""
    merged = _merge_outlets(texts_by_outlet)
    out: dict[str, dict[str, Counter[str]]] = {}
    for concept, framings in lexicon.items():
        terms = _terms(framings)
        out[concept] = {outlet: _count_all(texts, terms) for outlet, texts in merged.items()}
    return out


def framing_shares(counts: Mapping[str, Mapping[str, Counter[str]]], lexicon: Mapping[str, Any]) -> dict[str, dict[str, dict[str, float]]]:  # fmt: skip
    """concept -> outlet -> framing -> share of that outlet's uses of the concept's terms."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for concept, by_outlet in counts.items():
        framings = lexicon[concept]
        framings = framings if isinstance(framings, Mapping) else {concept: framings}
        out[concept] = {}
        for outlet, terms in by_outlet.items():
            total = sum(terms.values())
            out[concept][outlet] = {
                name: (sum(terms[t] for t in words) / total if total else 0.0)
                for name, words in framings.items()
            }
    return out


def _terms(framings: Any) -> list[str]:
    if isinstance(framings, Mapping):
        return [str(t) for terms in framings.values() for t in terms]
    return [str(t) for t in framings]


def _merge_outlets(texts_by_outlet: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    names = _spellings(texts_by_outlet)
    merged: dict[str, list[str]] = {}
    for outlet, texts in texts_by_outlet.items():
        merged.setdefault(names[normalise_outlet(outlet)], []).extend(texts)
    return merged


# --- distinctive words -----------------------------------------------------------------------


class DistinctiveTerm(NamedTuple):
    outlet: str
    term: str
    log_odds: float  # delta: the outlet's log-odds of the word minus the other outlets'
    z: float  # delta / sqrt(variance)
    uses: int  # uses by the outlet


def word_counts(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokens(text))
    return counts


def distinctive_terms(texts_by_outlet: Mapping[str, Iterable[str]], prior_texts: Iterable[str] | None = None,
                      top: int = 20, prior_strength: float | None = None,
                      min_count: int = 2) -> list[DistinctiveTerm]:  # fmt: skip
    """Each outlet's `top` words by z-score against all other outlets together.

    Monroe, Colaresi and Quinn (2008), weighted log-odds ratio with an informative Dirichlet
    prior. For outlet i against the rest j, word w:

        y_w^i, n^i        uses of w by i, and all words of i (j likewise)
        alpha_w           = alpha_0 * y_w^P / n^P: the prior, the share of w in the prior
                            corpus P (all outlets' texts, or `prior_texts`) scaled to a total
                            weight alpha_0 (`prior_strength`; by default PRIOR_SHARE * n^P)
        delta_w^(i-j)     = log((y_w^i + alpha_w) / (n^i + alpha_0 - y_w^i - alpha_w))
                            - log((y_w^j + alpha_w) / (n^j + alpha_0 - y_w^j - alpha_w))
        sigma^2(delta_w)  ~ 1 / (y_w^i + alpha_w) + 1 / (y_w^j + alpha_w)
        z_w               = delta_w^(i-j) / sqrt(sigma^2(delta_w))

    Words the outlet used fewer than `min_count` times are left out (a z-score rests on them
    alone). Tokens: lower-cased words of letters (apostrophes and inner hyphens kept, a final
    "'s" dropped), no numbers, no STOPWORDS.
    """
    merged = _merge_outlets(texts_by_outlet)
    counts = {outlet: word_counts(texts) for outlet, texts in merged.items()}
    total = sum(counts.values(), Counter())
    prior = word_counts(prior_texts) if prior_texts is not None else total
    prior_n = sum(prior.values())
    if not prior_n:
        return []
    alpha_0 = prior_strength if prior_strength is not None else PRIOR_SHARE * prior_n
    out: list[DistinctiveTerm] = []
    for outlet, mine in counts.items():
        rest = total - mine  # Counter subtraction drops the words only this outlet used
        n_i, n_j = sum(mine.values()), sum(rest.values())
        scored = []
        for word, y_i in mine.items():
            if y_i < min_count:
                continue
            # A word absent from a separate prior corpus gets half a pseudo-use, so that its
            # log-odds stay finite (with the default prior, the corpus itself, none is absent).
            alpha_w = alpha_0 * (prior.get(word, 0) or 0.5) / prior_n
            delta, z = log_odds(y_i, n_i, rest.get(word, 0), n_j, alpha_w, alpha_0)
            scored.append(DistinctiveTerm(outlet, word, delta, z, y_i))
        out += sorted(scored, key=lambda t: (-t.z, t.term))[:top]
    return out


def log_odds(y_i: int, n_i: int, y_j: int, n_j: int, alpha_w: float, alpha_0: float) -> tuple[float, float]:  # fmt: skip
    """(delta, z) of one word, Monroe et al. (2008) eq. 16 and 18 (see distinctive_terms)."""
    delta = math.log((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w)) - math.log(
        (y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w)
    )
    variance = 1 / (y_i + alpha_w) + 1 / (y_j + alpha_w)
    return delta, delta / math.sqrt(variance)
