"""Coreference (clustering) scores as the literature and the CoNLL reference scorer define them.

The key is the gold partition of mentions into entities (here: events), the response the
system's. Both are lists of clusters of hashable mention ids; a mention missing from one side
is handled as the reference scorer (conll/reference-coreference-scorers, v8) handles it.

* **MUC** (Vilain et al. 1995), link based: recall = sum over key clusters K of
  (|K| - |p(K)|) / sum of (|K| - 1), where p(K) are the parts K is cut into by the response
  (a mention absent from the response is a part of its own); precision swaps key and response.
  Singletons carry no links and do not count.
* **B-cubed** (Bagga & Baldwin 1998), mention based: recall = sum over K, R of |K n R|^2 / |K|,
  divided by the number of key mentions; precision = sum of |K n R|^2 / |R| over the response
  mentions.
* **CEAF-e** (Luo 2005), entity based: the one-to-one alignment of key and response clusters
  that maximises the sum of phi4(K, R) = 2 |K n R| / (|K| + |R|); recall = that sum / number
  of key clusters, precision = that sum / number of response clusters.
* **CoNLL F1** = the mean of the MUC, B-cubed and CEAF-e F1 (Pradhan et al. 2012, 2014), the
  figure cross-document event coreference papers on ECB+ rank by.

The unit tests check these against the reference scorer's documented test cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

Cluster = frozenset[Hashable]
M = TypeVar("M", bound=Hashable)


@dataclass(frozen=True)
class PRF:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 0.0 if total == 0.0 else 2 * self.recall * self.precision / total


@dataclass(frozen=True)
class CorefScores:
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3

    def as_dict(self) -> dict[str, float]:
        """Percentages, the way the papers print them."""
        out = {"conll_f1": 100 * self.conll_f1}
        for name, prf in (("muc", self.muc), ("b3", self.b3), ("ceafe", self.ceafe)):
            out |= {f"{name}_r": 100 * prf.recall, f"{name}_p": 100 * prf.precision}
            out[f"{name}_f1"] = 100 * prf.f1
        return out


def clusters_from_labels(labels: Mapping[M, Hashable]) -> list[Cluster]:
    """Mention -> cluster label, as a list of clusters (in order of first appearance)."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return [frozenset(group) for group in groups.values()]


def _clean(clusters: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    # A mention listed twice is counted once (the reference scorer de-duplicates too).
    seen: set[Hashable] = set()
    out = []
    for cluster in clusters:
        fresh = frozenset(m for m in cluster if m not in seen)
        seen |= fresh
        if fresh:
            out.append(fresh)
    return out


def _where(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


def _muc_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    where = _where(response)
    numerator = denominator = 0
    for cluster in key:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    return PRF(_muc_recall(key, response), _muc_recall(response, key))


def _b3_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    where = _where(response)
    total = sum(len(cluster) for cluster in key)
    if total == 0:
        return 0.0
    score = 0.0
    for cluster in key:
        overlaps = Counter(where[m] for m in cluster if m in where)
        score += sum(n * n for n in overlaps.values()) / len(cluster)
    return score / total


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    return PRF(_b3_recall(key, response), _b3_recall(response, key))


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    if not key or not response:
        return PRF(0.0, 0.0)
    from scipy.optimize import linear_sum_assignment

    where = _where(response)
    phi = np.zeros((len(key), len(response)))
    for i, cluster in enumerate(key):
        for j, n in Counter(where[m] for m in cluster if m in where).items():
            phi[i, j] = 2 * n / (len(cluster) + len(response[j]))
    rows, cols = linear_sum_assignment(phi, maximize=True)
    best = float(phi[rows, cols].sum())
    return PRF(best / len(key), best / len(response))


def score(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> CorefScores:
    """MUC, B-cubed and CEAF-e of `response` against `key` (clusters of mention ids)."""
    gold, system = _clean(key), _clean(response)
    return CorefScores(muc(gold, system), b_cubed(gold, system), ceaf_e(gold, system))


def score_labels(gold: Mapping[M, Hashable], predicted: Mapping[M, Hashable]) -> CorefScores:
    """`score` for two mention -> label maps."""
    return score(clusters_from_labels(gold), clusters_from_labels(predicted))
