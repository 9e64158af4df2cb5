"""Dating articles from their content: hide the dates of dated articles and infer them back.

Two sets, each scored as the share of articles whose inferred date is exact, within one day
and within seven days of the stated one (articles with no guess count as misses):

* demo: the demo corpus is ingested and analysed as usual into a temporary database (its
  dated articles give the known events). Each dated English article is then analysed again
  from its stored clean text with no date (`doc._.sl_doc_date = None`: the header, metadata
  and HTML dates the ingest read are not in the clean text, so this is the article as an
  undated copy would reach us), and its date is inferred with the events of every *other*
  dated article as known events (its own and its copies' left out).
* meantime: the 120 English Wikinews articles of NewsReader MEANTIME. The date line under
  the title (the document creation time) is dropped from the text; each article is analysed
  once with its date (for the known events of the others in its topic: airbus, apple, gm,
  stock) and once without, and inferred with its topic's other articles as known events.

MEANTIME topics gm and stock are held out: never looked at while tuning, reported apart.
--bound-days N is a diagnostic, not a score: the date is given to the method as known to +-N
days, to show how much the text alone can still tell.
--capture-lags N,N...: the headline rows are the content alone; these rows score the same
articles again as if a crawl or fetch had captured each N days after its stated date, the
dated ones as well (the stage passes such a capture day to `infer_date`: an upper bound, and a
weak pull towards it unless the collection's dated pages were captured a median of more than
a week after their dates), beside the baseline that takes the capture day itself.

    python benchmarks/dating.py [--set demo|meantime|all] [--limit N] [--verbose]
                                [--demo-db DB] [--cache FILE] [--bound-days N]
                                [--capture-lags 0,1,3,7,30]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline import Storyline  # noqa: E402
from storyline.eval.report import resolve_benchmarks  # noqa: E402
from storyline.nlp.actors_pack import load_actor_pack  # noqa: E402
from storyline.nlp.models import load_pipeline, read_config  # noqa: E402
from storyline.nlp.records import to_dict  # noqa: E402
from storyline.story.dating import DateGuess, infer_date, known_counts, known_events  # noqa: E402
from storyline.story.dating_capture import capture_args  # noqa: E402
from storyline.story.dating_roles import role_spans  # noqa: E402

MEANTIME = "meantime-en/intra-doc_annotation"
#: MEANTIME topics never looked at while tuning: their row is the held-out figure.
HELD_OUT = ("corpus_gm", "corpus_stock")
#: The pack the analysis uses (as the story stage reads it): its dated roles date the offices
#: an article names.
PACK = load_actor_pack(read_config().get("pack"))


@dataclass(frozen=True)
class Article:
    doc_id: str
    group: str  # copies share a group; the demo corpus is one story, MEANTIME has four topics
    gold: str
    text: str


@dataclass(frozen=True)
class Outcome:
    article: Article
    guess: DateGuess
    baseline: str | None = None  # the latest full date named (or the capture day, when given)
    year_named: bool = False

    @property
    def error(self) -> int | None:
        return _days_off(self.guess.date, self.article.gold)

    @property
    def baseline_error(self) -> int | None:
        return _days_off(self.baseline, self.article.gold)


def _days_off(guess: str | None, gold: str) -> int | None:
    if guess is None:
        return None
    return abs((date.fromisoformat(guess) - date.fromisoformat(gold)).days)


# --- analysis --------------------------------------------------------------------------------


CACHE: dict[str, Any] = {}  # (doc id, date) -> analysis, kept in --cache FILE between runs


def analyse(texts: Iterable[tuple[str, str, str | None]]) -> Iterator[dict[str, Any]]:
    """(doc id, text, date or None) -> {"timexes": [...], "events": [...]} as plain dicts."""
    items = list(texts)
    # entries of an older cache without actors are analysed again
    todo = [item for item in items if "actors" not in CACHE.get(f"{item[0]}@{item[2]}", {})]
    for key, found in zip(todo, _parse(todo), strict=True):
        CACHE[f"{key[0]}@{key[2]}"] = found
    for doc_id, _, published in items:
        yield CACHE[f"{doc_id}@{published}"]


def _parse(items: list[tuple[str, str, str | None]]) -> Iterator[dict[str, Any]]:
    if not items:
        return
    nlp = load_pipeline()
    docs = []
    for _, text, published in items:
        doc = nlp.make_doc(text)
        doc._.sl_doc_date = published
        docs.append(doc)
    for (doc_id, _, _), doc in zip(items, nlp.pipe(docs, batch_size=16), strict=True):
        yield {
            "timexes": [to_dict(t) for t in doc._.sl_timexes or []],
            "events": [{**to_dict(e), "doc": doc_id} for e in doc._.sl_events or []],
            "figures": [{**to_dict(f), "doc": doc_id} for f in doc._.sl_figures or []],
            "actors": [to_dict(a) for a in doc._.sl_actors or []],
        }


Known = dict[str, dict[str, list[dict[str, Any]]]]  # doc id -> {"events": [...], "figures": [...]}


Inputs = list[tuple[list[Article], Known]]  # groups of articles, each with its known items


def infer_all(articles: list[Article], known: Known, lag: int | None = None) -> list[Outcome]:
    """Each article analysed without its date and dated with the other groups' events and
    running counts; with `lag`, as if a crawl had captured it that many days after its date."""
    hidden = analyse((a.doc_id, a.text, None) for a in articles)
    outcomes = []
    for article, found in zip(articles, hidden, strict=True):
        mine = set(article.group.split("|"))
        others = [v for doc_id, v in known.items() if doc_id not in mine]
        events = [e for v in others for e in v["events"]]
        figures = [f for v in others for f in v["figures"]]
        guess = infer_date(found["timexes"], found["events"], known_events(events),
                           figures=found["figures"], known_counts=known_counts(figures),
                           **capture_args(captured(article.gold, lag), lag), roles=role_spans(found["actors"], PACK),
                           **bounds(article.gold))  # fmt: skip
        outcomes.append(
            Outcome(
                article,
                guess,
                baseline(found["timexes"]),
                year_named(found["timexes"], article.gold),
            )
        )
    return outcomes


BOUND_DAYS: int | None = None  # --bound-days: the date known to within this many days


def bounds(gold: str) -> dict[str, str]:
    """not_before/not_after around the stated date with --bound-days N: what the content can
    tell once the date is known to +-N days (a crawl date or a listing would give such a
    bound): the information left in the text itself, not a score to report as accuracy."""
    if BOUND_DAYS is None:
        return {}
    day = date.fromisoformat(gold)
    return {"not_before": str(day - timedelta(BOUND_DAYS)),
            "not_after": str(day + timedelta(BOUND_DAYS))}  # fmt: skip


def captured(gold: str, lag: int | None) -> str | None:
    return None if lag is None else str(date.fromisoformat(gold) + timedelta(lag))


def baseline(timexes: list[dict[str, Any]]) -> str | None:
    """The simple rule to beat: the latest fully specified date the article names."""
    days = [str(t["value"])[:10] for t in timexes
            if t.get("value") and not t.get("relative") and _FULL_DAY.match(str(t["value"]))]  # fmt: skip
    return max(days) if days else None


def year_named(timexes: list[dict[str, Any]], gold: str) -> bool:
    """Whether any absolute expression names the publication year: without it (or a known
    event or running count) the day cannot be told from the same day another year."""
    return any(str(t.get("value") or "")[:4] == gold[:4] and not t.get("relative") for t in timexes)


_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d")


# --- the demo corpus -------------------------------------------------------------------------


def demo_set(limit: int | None, db: Path | None = None) -> Inputs:
    with tempfile.TemporaryDirectory() as tmp, Storyline(db or Path(tmp) / "dating.db") as sl:
        if db is None:
            sl.run([str(ROOT / "examples" / "demo")])
        # Gold is a date the input states: a date the store inferred from the content
        # (published_source = content) would grade the method against itself.
        stated = {d.id for d in sl.documents() if d.published and d.published_source != "content"}
        docs = [d for d in sl.documents() if d.id in stated and d.language == "en"]
        copies: dict[str, set[str]] = {}
        for doc in docs:
            root = doc.duplicate_of or doc.id
            copies.setdefault(root, {root}).add(doc.id)
        known: Known = {}
        for kind, items in (("events", sl.events()), ("figures", sl.figures())):
            for item in items:
                if item.get("_published") and item["doc"] in stated:
                    known.setdefault(item["doc"], {"events": [], "figures": []})[kind].append(item)
        articles = [
            Article(
                d.id, "|".join(sorted(copies[d.duplicate_of or d.id])), str(d.published), d.text
            )
            for d in docs
        ][:limit]
    return [(articles, known)]


# --- MEANTIME --------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "%", "'s", "n't", "'", "'re", "'ve", "'ll", "'d"}  # fmt: skip
_NO_SPACE_AFTER = {"(", "$", "US$", "#"}


def detokenise(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        glue = not out or token in _NO_SPACE_BEFORE or out.split(" ")[-1] in _NO_SPACE_AFTER
        out += token if glue else " " + token
    return out


def read_meantime(path: Path) -> tuple[str, str] | None:
    """(gold date, text without the date line) of one CAT XML article."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    dateline = " ".join(sentences.get(1, []))
    try:
        gold = time.strftime("%Y-%m-%d", time.strptime(dateline, "%B %d , %Y"))
    except ValueError:
        return None
    body = [detokenise(words) for number, words in sorted(sentences.items()) if number != 1]
    return gold, body[0] + "\n\n" + " ".join(body[1:])


def meantime_set(limit: int | None, db: Path | None = None) -> Inputs:
    base = resolve_benchmarks() / MEANTIME
    articles = []
    for path in sorted(base.glob("corpus_*/*.xml")):
        read = read_meantime(path)
        if read is not None:
            articles.append(Article(f"{path.parent.name}/{path.stem}", "", read[0], read[1]))
    articles = articles[:limit]
    dated = analyse((a.doc_id, a.text, a.gold) for a in articles)
    known: Known = {}
    for article, found in zip(articles, dated, strict=True):
        stamp = {"_published": article.gold}  # what the store adds to a dated article's items
        known[article.doc_id] = {
            "events": [{**e, **stamp} for e in found["events"]],
            "figures": [{**f, **stamp} for f in found["figures"]],
        }
    groups = []
    for topic in sorted({a.doc_id.split("/")[0] for a in articles}):
        members = [a for a in articles if a.doc_id.startswith(topic + "/")]
        # the article itself and the other topics are left out of its known events
        topic_known = {k: v for k, v in known.items() if k.startswith(topic + "/")}
        groups.append(([Article(a.doc_id, a.doc_id, a.gold, a.text) for a in members], topic_known))
    return groups


def score(inputs: Inputs, lag: int | None = None) -> list[Outcome]:
    return [o for articles, known in inputs for o in infer_all(articles, known, lag)]


# --- report ----------------------------------------------------------------------------------


def row(name: str, outcomes: list[Outcome], baseline: bool = False) -> str:
    n = len(outcomes)
    errors = [o.baseline_error if baseline else o.error for o in outcomes]
    counts = [sum(1 for e in errors if e is not None and e <= k) for k in (0, 1, 7)]
    guessed = sum(1 for e in errors if e is not None)
    cells = "".join(f"{c:>5}/{n:<4}{c / n if n else 0:>7.1%}" for c in counts)
    return f"{name:<10}{n:>6}{guessed:>8}{cells}"


def show(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        mark = "ok" if o.error is not None and o.error <= 1 else "MISS"
        print(f"  {mark:<5}{o.article.doc_id[:48]:<50}gold {o.article.gold}  guess {o.guess.date}"
              f"  [{o.guess.window_start}..{o.guess.window_end}] conf {o.guess.confidence:.2f}")  # fmt: skip
        if mark == "MISS":
            for line in o.guess.evidence[:4]:
                print(f"        {line}")


def calibration(outcomes: list[Outcome]) -> str:
    """Mean confidence against the share within one day, for the guesses made, and the Brier
    score of the confidence as the probability of being within one day."""
    made = [o for o in outcomes if o.guess.date is not None]
    if not made:
        return "no guesses"
    mean = sum(o.guess.confidence for o in made) / len(made)
    hits = [1.0 if o.error is not None and o.error <= 1 else 0.0 for o in made]
    brier = sum((o.guess.confidence - h) ** 2 for o, h in zip(made, hits, strict=True)) / len(made)
    return (f"mean confidence {mean:.2f}, share within one day {sum(hits) / len(made):.2f},"
            f" Brier {brier:.3f} (of {len(made)} guesses)")  # fmt: skip


def report_captures(inputs: dict[str, Inputs], lags: list[int]) -> None:
    if lags:
        print("\nWith a capture date (a crawl or fetch N days after the stated date): not the"
              " content alone; capture: the baseline that takes the capture day itself")  # fmt: skip
    for lag in lags:
        for name, given in inputs.items():
            outcomes = score(given, lag)
            print(row(f"{name} +{lag}d", outcomes))
            if name == "meantime":
                held = [o for o in outcomes if o.article.doc_id.startswith(HELD_OUT)]
                print(row("  held-out", held))
            print(row("  capture", [Outcome(o.article, o.guess, captured(o.article.gold, lag))
                                    for o in outcomes], baseline=True))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=("demo", "meantime", "all"), default="all")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--demo-db", type=Path, help="a database the demo corpus was run into")
    parser.add_argument("--cache", type=Path, help="keep analyses in this JSON file")
    parser.add_argument("--bound-days", type=int, help="diagnostic: the date known to +-N days")
    parser.add_argument("--capture-lags", default="0,1,3,7,30",
                        help="also score as if a crawl captured each article N days after its date")  # fmt: skip
    args = parser.parse_args()
    global BOUND_DAYS
    BOUND_DAYS = args.bound_days
    started = time.perf_counter()
    if args.cache and args.cache.is_file():
        CACHE.update(json.loads(args.cache.read_text()))
    sets = {"demo": demo_set, "meantime": meantime_set}
    inputs = {
        name: fn(args.limit, args.demo_db) for name, fn in sets.items() if args.set in ("all", name)
    }
    if args.cache:
        args.cache.write_text(json.dumps(CACHE))
    results = {name: score(given) for name, given in inputs.items()}
    lags = [int(n) for n in args.capture_lags.split(",") if n.strip()]
    print(f"{'set':<10}{'docs':>6}{'guessed':>8}{'exact':>16}{'<= 1 day':>16}{'<= 7 days':>16}")
    for name, outcomes in results.items():
        print(row(name, outcomes))
        print(row("  latest", outcomes, baseline=True))
        if name == "meantime":
            held = [o for o in outcomes if o.article.doc_id.startswith(HELD_OUT)]
            print(row("  tuned", [o for o in outcomes if o not in held]))
            print(row("  held-out", held))
    print(
        "(latest: the baseline, the latest fully specified date the article names;"
        f" meantime held-out: {', '.join(HELD_OUT)}, never looked at while tuning)"
    )
    report_captures(inputs, lags)
    for name, outcomes in results.items():
        print(f"{name}: {calibration(outcomes)}")
        if name == "meantime":
            held = [o for o in outcomes if o.article.doc_id.startswith(HELD_OUT)]
            print(f"meantime held-out: {calibration(held)}")
        named = sum(1 for o in outcomes if o.year_named)
        hit = sum(1 for o in outcomes if o.year_named and o.error is not None and o.error <= 1)
        print(f"{name}: {named}/{len(outcomes)} name their publication year in an absolute "
              f"expression; within one day among those: {hit}/{named}")  # fmt: skip
        if args.verbose:
            show(outcomes)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
