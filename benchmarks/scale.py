"""Scale-out: documents/s for the local engine (1 and 2 processes) and Ray (1 and 2 actors) on
the same synthetic corpus, in one run, with ratios, peak memory per worker and a projection of
the cost of a million articles.

    python benchmarks/scale.py                     # 2,000 articles (make bench-scale)
    python benchmarks/scale.py --articles 300      # a quick look while developing

Every configuration parses, cleans, dates, analyses (spaCy + our five components) and embeds
every article, and writes it with the one writer into a fresh database. Start-up (Ray's own,
then loading the models in each worker) is timed apart and not counted in the rate. Articles
are generated here, deterministically, from our own sentence templates.

Targets on a 2-core machine: local 2 processes >= 1.7x local 1; ray 2 >= 1.5x ray 1; ray at
least 0.85x local at the same worker count.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

SUBJECTS = ("The ministry", "Negotiators", "The mayor of Carrow", "Union leaders", "Port officials",
            "The central bank", "Aid workers", "Police in Lindell", "The coalition", "Farmers")  # fmt: skip
PEOPLE = ("Mara Quill", "Osric Vane", "Lena Barrow", "Tobiah Fenn", "Ilse Marchetti", "Dev Anand",
          "Rosa Ikeda", "Piet Varga")  # fmt: skip
PLACES = ("Carrow", "Lindell", "the northern valley", "Port Essing", "the capital", "Brannock")
VERBS = ("agreed to extend the talks", "rejected the latest offer", "released 12 detainees",
         "announced a ceasefire", "met mediators", "suspended exports", "raised rates",
         "promised new funding")  # fmt: skip
DAYS = ("on Monday", "on Tuesday", "last week", "on 3 March", "earlier this month", "on Friday")


def article(rng: random.Random, n: int) -> str:
    """One synthetic news article: a header line, a title and six to ten sentences."""
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    who, place = rng.choice(SUBJECTS), rng.choice(PLACES)
    lines = [f"date {day} English", f"{who} {rng.choice(VERBS)} in {place} (report {n})", ""]
    for _ in range(rng.randint(6, 10)):
        person, figure = rng.choice(PEOPLE), rng.randint(2, 4000)
        lines.append(rng.choice((
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} in {rng.choice(PLACES)} {rng.choice(DAYS)}.",
            f'"We will not accept these terms," {person} said {rng.choice(DAYS)}.',
            f"At least {figure} people were affected, according to {person}.",
            f"{person} told reporters that {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)}.",
            f"Prices rose by {rng.randint(1, 30)} percent in {rng.choice(PLACES)} {rng.choice(DAYS)}.",
        )))  # fmt: skip
    return "\n\n".join(lines) + "\n"


def make_corpus(folder: Path, count: int, seed: int = 8) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"a{n:05d}.txt").write_text(article(rng, n))


def measure(corpus: Path, db: Path, engine: str, workers: int, args: argparse.Namespace) -> dict:  # type: ignore[type-arg]
    from storyline.engine import EngineSettings, run_engine
    from storyline.store.sqlite import Store

    settings = EngineSettings(engine=engine, workers=workers, model=args.model,
                              embedder=args.embedder, batch_size=args.batch_size)  # fmt: skip
    store = Store(db)
    try:
        report = run_engine(store, [str(corpus)], settings)
    finally:
        store.close()
    rss = sorted(report.worker_rss_mb.values())
    return {"engine": engine, "workers": workers, "docs": report.analysis.analysed,
            "rate": report.docs_per_s, "startup": report.startup_s, "cluster": report.cluster_s,
            "work": report.work_s, "rss": max(rss) if rss else 0.0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--model", default=None, help="spaCy model (default: pipeline.toml)")
    parser.add_argument("--embedder", default="minilm", choices=("minilm", "hash"))
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--price", type=float, default=0.05, help="$ per worker (vCPU) hour")
    parser.add_argument("--configs", default="local:1,local:2,ray:1,ray:2")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.articles)
        rows = []
        for spec in args.configs.split(","):
            engine, workers = spec.split(":")
            row = measure(corpus, Path(tmp) / f"{engine}{workers}.db", engine, int(workers), args)
            rows.append(row)
            print(f"  {engine} x{workers}: {row['rate']:.2f} docs/s", file=sys.stderr, flush=True)
    report(rows, args)


def report(rows: list[dict], args: argparse.Namespace) -> None:  # type: ignore[type-arg]
    print(f"\n{args.articles} synthetic articles, model {args.model or 'pipeline.toml'}, "
          f"embedder {args.embedder}, batch {args.batch_size}, {os.cpu_count()} CPUs\n")  # fmt: skip
    print(
        "| engine | workers | docs | docs/s | start-up s (of which Ray) | work s | peak RSS/worker MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['engine']} | {r['workers']} | {r['docs']} | {r['rate']:.2f} | "
              f"{r['startup']:.1f} ({r['cluster']:.1f}) | {r['work']:.1f} | {r['rss']:.0f} |")  # fmt: skip
    rate = {(r["engine"], r["workers"]): r["rate"] for r in rows}
    checks = (("local 2 / local 1", ("local", 2), ("local", 1), 1.7),
              ("ray 2 / ray 1", ("ray", 2), ("ray", 1), 1.5),
              ("ray 1 / local 1", ("ray", 1), ("local", 1), 0.85),
              ("ray 2 / local 2", ("ray", 2), ("local", 2), 0.85))  # fmt: skip
    print()
    for label, top, bottom, target in checks:
        if rate.get(top) and rate.get(bottom):
            ratio = rate[top] / rate[bottom]
            verdict = "meets" if ratio >= target else "MISSES"
            print(f"{label}: {ratio:.2f} (target >= {target}: {verdict})")
    best = max(rows, key=lambda r: r["rate"] / r["workers"])
    per_worker = best["rate"] / best["workers"]
    hours = 1e6 / per_worker / 3600 if per_worker else float("inf")
    print(f"\nprojection from {best['engine']} x{best['workers']} ({per_worker:.2f} docs/s per "
          f"worker): a million articles = {hours:,.0f} worker-hours, about ${hours * args.price:,.0f}"
          f" at ${args.price}/worker-hour; each worker needs ~{best['rss'] / 1024:.1f} GB")  # fmt: skip


if __name__ == "__main__":
    main()
