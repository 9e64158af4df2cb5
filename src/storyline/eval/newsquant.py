"""`storyline eval --task figures`: storyline_figures on NewsQuant beside the published CQE scores.

Data: ../shared/benchmarks/newsquant-cqe (SOURCE.md), read in place, never copied: 590 news
sentences, each with its quantities {change, value, normalized_unit, referred_concepts}.

The scorer follows the benchmark's own evaluation (CQE_Evaluation, `calculate_metrics`),
including its quirks, so that the published numbers reproduce:

1. Values. A gold value "a-b" (a dash not in first place, no exponent "E") is a range (a, b),
   anything else one float. A system gives one float or a (low, high) pair. Two values match
   when both are single and |gold - system| <= 1e-8 + 1e-5 * |system| (numpy.isclose), or both
   are pairs matching end by end. A range never matches a single value.
2. Per sentence, gold and system quantities are each sorted by normalised unit. For each gold
   quantity in turn, the system quantities still unclaimed are scanned in order; for each one
   whose value matches:
     - value: counted for each such match until the sentence has as many value matches as
       gold quantities (so one gold quantity can take two while another gets none);
     - change: counted when the change labels are equal (=, ~, >, <, up, down);
     - concept: the gold concept string is split on commas and spaces, the system's is a list
       of words; lower-cased, a *partial* match shares at least one word, a *complete* match
       has every gold word and the same number of words;
     - unit: when the normalised units (lower-cased) are equal, this counts for value+unit,
       the system quantity is claimed (removed) and the scan moves to the next gold quantity.
   So change and concept matches are counted for every value match met before the unit match
   (the published scorer does so too), and an unclaimed system quantity can match again.
3. Precision = matches / system quantities, recall = matches / gold quantities, F1 their
   harmonic mean; each metric (value, value+unit, value+change, value+concept partial and
   complete) has its own match count.

What we report: value F1, value+change F1 and value+concept F1 ("what it counts", partial and
complete), plus value+unit. Our quantities are the figures of every kind except year, date,
time, ordinal and phone (NewsQuant annotates ages, durations and measures, not dates); see
`figure_to_quantity` for how a Figure becomes a benchmark quantity.

Reference check: the copied GPT-3 predictions are decoded the way the benchmark's GPT-3 tagger
does (units lower-cased, a final "s" dropped, then a spelling table; concept words split on
commas and spaces, minus "of", "the", "a", "He", "total"; change "+" read as "up") and
rescored. On all 590 sentences value, value+change and value+concept come out within 0.1
point of the published GPT-3 row (one sentence is missing from the copied predictions and a
few predicted values are not numbers); value+unit is about 1 point lower, because our spelling
table holds only the unit spellings that we checked, not the source's whole table.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.eval.report import EvalRow, EvalTable, resolve_benchmarks
from storyline.nlp.figures_quantity import Quantity, figures_to_quantities

DATASET = "newsquant-cqe"
TEST_SET = "NewsQuant"
METRICS = ("value", "value+unit", "value+change", "value+concept_partial", "value+concept_complete")
TABLE_METRICS = (
    "value_f1", "value_p", "value_r", "value+change_f1", "value+concept_partial_f1",
    "value+concept_complete_f1", "value+unit_f1", "seconds",
)  # fmt: skip
#: The benchmark's model names → how the table names them.
SYSTEM_NAMES = {
    "CQE-Numparser": "CQE 2.0 (NumParser)",
    "quantulum3": "quantulum3",
    "text-recognizer": "Microsoft Recognizers-Text",
    "ccg_nlp": "CCG_NLPY (Illinois quantifier)",
    "GPT3": "GPT-3 (few-shot)",
}
Value = float | tuple[float, float]


@dataclass(frozen=True)
class Gold:
    text: str
    quantities: tuple[Quantity, ...]


# --- the scorer ---------------------------------------------------------------------------------


def parse_value(raw: Any) -> Value:
    """A benchmark value: "12.0" → 12.0, "12-120" → (12.0, 120.0); "-50.8" and "1E-29" stay single."""
    if isinstance(raw, tuple):
        return (float(raw[0]), float(raw[1]))
    text = str(raw)
    if "E" not in text and not text.startswith("-") and "-" in text:
        low, high = text.split("-")[:2]
        return (float(low), float(high))
    return float(text)


def values_match(gold: Value | None, system: Value | None) -> bool:
    if gold is None or system is None:
        return False
    if isinstance(gold, tuple) and isinstance(system, tuple):
        return _close(gold[0], system[0]) and _close(gold[1], system[1])
    if isinstance(gold, tuple) or isinstance(system, tuple):
        return False
    return _close(gold, system)


def _close(gold: float, system: float) -> bool:
    # numpy.isclose(gold, system) with its defaults: the tolerance scales with the second value.
    return abs(gold - system) <= 1e-8 + 1e-5 * abs(system)


def concepts_match(gold: Sequence[str], system: Sequence[str]) -> tuple[bool, bool]:
    """(complete, partial) as the benchmark defines them (module docstring, step 2)."""
    gold_low, system_low = [g.lower() for g in gold], [s.lower() for s in system]
    shared = set(gold_low) & set(system_low)
    complete = len(shared) == len(gold_low) and len(gold_low) == len(system_low)
    return complete, bool(shared)


def count_matches(gold: Sequence[Quantity], system: Sequence[Quantity]) -> dict[str, int]:
    """Match counts of one sentence for each metric (module docstring, step 2)."""
    counts = dict.fromkeys(METRICS, 0)
    unclaimed = sorted(system, key=lambda q: q.unit)
    value_budget = len(gold)
    for truth in sorted(gold, key=lambda q: q.unit):
        for guess in unclaimed:
            if not values_match(truth.value, guess.value):
                continue
            if value_budget > 0:
                counts["value"] += 1
                value_budget -= 1
            counts["value+change"] += guess.change == truth.change
            complete, partial = concepts_match(truth.concepts, guess.concepts)
            counts["value+concept_complete"] += complete
            counts["value+concept_partial"] += partial
            if guess.unit.lower() == truth.unit.lower():
                counts["value+unit"] += 1
                unclaimed.remove(guess)
                unclaimed.sort(key=lambda q: q.unit)
                break
    return counts


def prf(matches: int, n_gold: int, n_system: int) -> tuple[float, float, float]:
    """Precision, recall, F1 as fractions (the published CSV rounds their percentages to 0.1)."""
    precision = matches / n_system if n_system else 0.0
    recall = matches / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(
    pairs: Iterable[tuple[Sequence[Quantity], Sequence[Quantity]]],
) -> dict[str, float | None]:
    """Every metric's P, R and F1 ("value_p", "value_r", "value_f1", ...) over (gold, system) pairs."""
    totals = dict.fromkeys(METRICS, 0)
    n_gold = n_system = 0
    for gold, system in pairs:
        n_gold, n_system = n_gold + len(gold), n_system + len(system)
        for metric, count in count_matches(gold, system).items():
            totals[metric] += count
    out: dict[str, float | None] = {}
    for metric in METRICS:
        p, r, f = prf(totals[metric], n_gold, n_system)
        out |= {f"{metric}_p": p, f"{metric}_r": r, f"{metric}_f1": f}
    return out


# --- the data -----------------------------------------------------------------------------------


def bench_dir(base: Path | None = None) -> Path:
    folder = resolve_benchmarks(base) / DATASET
    if not (folder / "test_sets" / f"{TEST_SET}.json").is_file():
        raise FileNotFoundError(f"{folder}: NewsQuant data missing (set STORYLINE_BENCHMARKS)")
    return folder


def split_concepts(text: str) -> tuple[str, ...]:
    return tuple(re.split(r"[,\s]+", text))


def load_gold(bench: Path, limit: int | None = None, name: str = TEST_SET) -> list[Gold]:
    data = json.loads((bench / "test_sets" / f"{name}.json").read_text(encoding="utf-8"))
    return [
        Gold(item["text"], tuple(_gold_quantity(q) for q in item["quantities"]))
        for item in data[:limit]
    ]


def _gold_quantity(raw: dict[str, Any]) -> Quantity:
    return Quantity(
        value=parse_value(raw["value"]),
        # Case kept: the benchmark sorts by the unit as written and compares it lower-cased.
        unit=str(raw["normalized_unit"]),
        change=str(raw["change"]),
        concepts=split_concepts(str(raw["referred_concepts"])),
    )


def load_published(bench: Path, name: str = TEST_SET) -> dict[str, dict[str, float]]:
    """published_results/<name>.csv as system → {"value_f1": 0.92, "value_p": ..., ...}."""
    rows: dict[str, dict[str, float]] = {}
    with (bench / "published_results" / f"{name}.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            metric = row["type"].replace("compelete", "complete")
            scores = rows.setdefault(row["model"], {})
            for key in ("P", "R", "F1"):
                scores[f"{metric}_{key.lower()}"] = round(float(row[key]) / 100, 4)
    return rows


# --- the GPT-3 reference output -----------------------------------------------------------------

#: Spellings in GPT-3's answers → the benchmark's unit names (British spelling, singular,
#: currencies by name), as the benchmark's GPT-3 tagger normalises them.
GPT3_UNITS = {
    "percent": "percentage", "us dollar": "dollar", "us$": "dollar", "usd": "dollar",
    "kilometer": "kilometre", "meter": "metre", "square meter": "square metre",
    "micrometer": "micrometre", "millimeter": "millimetre", "milliliter": "millilitre",
    "liter": "litre", "feet": "foot", "pound-feet": "pound-foot", "time": "count",
    "yuan": "chinese yuan", "yen": "japanese yen", "miles per hour": "mile per hour",
    "kilopounds per square inch": "kilopound per square inch", "degrees celsiu": "celsius",
    "degree celsiu": "celsius", "degrees fahrenheit": "fahrenheit", "gigatonne": "gigaton",
    "parts per billion": "parts-per-billion", "milliampere hour": "milliampere-hour",
    "touchdown": "touch down", "assists per game": "assist per game",
    "points per game": "point per game", "cents per share": "cent per share",
    "wins above replacement": "win above replacement", "barrels / day": "barrel per day",
    "megabits per second": "megabit per second", "kilowatt-hour": "kilowatt hour",
    "newton meter": "newton metre", "kilometers / hour": "kilometre per hour",
    "model 3 sedan": "model 3 sedans", "ringgit": "malaysian ringgit", "points": "point",
    "ghz": "gigahertz", "hz": "hertz", "mah": "milliampere-hour", "ppb": "parts-per-billion",
    "g": "gram", "min": "minute", "€": "euro", "lira": "turkish lira", "rand": "south african rand",
    "tonne": "metric ton", "franc": "swiss franc", "inche": "inch", "celsiu": "celsius",
    "ksi": "kilopound per square inch", "amperes per cm2": "ampere per square centimetre",
    "kilovolts per centimeter": "kilovolt per centimetre",
    "commercial fishermen": "commercial fisherman",
}  # fmt: skip
GPT3_DROPPED_WORDS = frozenset({"of", "the", "a", "He", "total"})


def load_gpt3(bench: Path, name: str = TEST_SET) -> dict[str, tuple[Quantity, ...]]:
    """reference-outputs/gpt3_predictions_<name>.json as sentence → quantities (first wins)."""
    path = bench / "reference-outputs" / f"gpt3_predictions_{name}.json"
    out: dict[str, tuple[Quantity, ...]] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        if item["text"] not in out:
            out[item["text"]] = tuple(_gpt3_quantity(q) for q in item["quantities"] if q)
    return out


def _gpt3_quantity(raw: Sequence[str]) -> Quantity:
    unit = raw[3].lower().strip()
    unit = unit[:-1] if unit.endswith("s") else unit
    words = [w for w in split_concepts(raw[4].strip()) if w not in GPT3_DROPPED_WORDS]
    change = raw[0].strip()
    return Quantity(
        value=_safe_value(raw[1].strip()),
        unit=GPT3_UNITS.get(unit, unit),
        change="up" if change == "+" else change,
        concepts=tuple(words),
    )


def _safe_value(text: str) -> Value | None:
    # A few GPT-3 answers are not numbers ("pennies", "1:36.6"): they can never match.
    try:
        return parse_value(text)
    except ValueError:
        return None


# --- the task -----------------------------------------------------------------------------------


def run_task(limit: int | None = None, benchmarks_dir: Path | None = None) -> list[EvalTable]:
    """Our component and the rescored GPT-3 output on the first `limit` sentences, beside the
    published rows (all 590 sentences)."""
    started = time.perf_counter()
    bench = bench_dir(benchmarks_dir)
    gold = load_gold(bench, limit)
    ours, seconds = _run_ours(gold)
    rows = [
        EvalRow("storyline_figures (run here, en_core_web_md)",
                score(zip([g.quantities for g in gold], ours, strict=True)) | {"seconds": seconds},
                "figures of every kind but year/date/time/ordinal/phone; concept = what it is about"),
    ]  # fmt: skip
    gpt3 = load_gpt3(bench)
    rescored = EvalRow(
        "GPT-3 reference output (rescored here)",
        score((g.quantities, gpt3.get(g.text, ())) for g in gold),
        f"reference-outputs/gpt3_predictions_{TEST_SET}.json by our scorer, same sentences",
    )
    # Each published row, the GPT-3 one followed by its reference output rescored here.
    for row in _published_rows(bench):
        rows += [row, rescored] if row.system.startswith(SYSTEM_NAMES["GPT3"]) else [row]
    if rescored not in rows:
        rows.append(rescored)
    return [
        EvalTable(task="figures", metrics=TABLE_METRICS, rows=tuple(rows), n_items=len(gold),
                  dataset=f"{DATASET} ({TEST_SET})", seconds=time.perf_counter() - started)
    ]  # fmt: skip


def _run_ours(gold: Sequence[Gold]) -> tuple[list[tuple[Quantity, ...]], float]:
    """en_core_web_md plus storyline_figures over each sentence; seconds exclude model loading."""
    import spacy

    import storyline.nlp.figures  # noqa: F401  (registers the storyline_figures factory)
    from storyline.nlp.models import model_location

    # A fresh model, not the shared cached one: adding a pipe to that would change it for all.
    nlp = spacy.load(model_location("en_core_web_md"))
    nlp.add_pipe("storyline_figures")
    start = time.perf_counter()
    out = [tuple(figures_to_quantities(doc)) for doc in nlp.pipe(g.text for g in gold)]
    return out, time.perf_counter() - start


def _published_rows(bench: Path) -> list[EvalRow]:
    rows = []
    for model, scores in load_published(bench).items():
        name = SYSTEM_NAMES.get(model, model)
        values: dict[str, float | None] = dict(scores)
        rows.append(EvalRow(f"{name} (published)", values, "published_results, all 590 sentences"))
    return rows
