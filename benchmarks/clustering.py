"""Story clustering at scale (issue 6, part 8), on synthetic articles.

1. Adding one article to a clusterer that already holds N articles (N = 1k, 10k, 100k):
   synthetic 384-d unit vectors around story centres, actor sets and dates, so embedding cost
   is excluded. The N articles are loaded as a stored state (as the story stage restores it);
   then `--repeats` new articles are added one at a time and the median time per add is
   reported. Past 5k rows the index is an hnswlib graph, so this should stay close to flat.
2. The full story stage (`storyline.story.stage.build`: dating, embedding with the hash
   embedder, clustering, story events, figure series, distinctive terms, all stored) over a
   synthetic store of `--stage-docs` articles with three events and one figure each (filled by
   one child process), run in a second child process: its wall time and peak memory
   (ru_maxrss, the whole process: interpreter, numpy and the stage).

    python benchmarks/clustering.py [--sizes 1000,10000,100000] [--repeats 25]
                                    [--stage-docs 10000] [--skip-stage]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.story.cluster import DocInfo, StoryClusterer  # noqa: E402
from storyline.story.cluster_state import ClusterState, DocRecord  # noqa: E402

DIM = 384
PER_STORY = 20
START = date(2022, 1, 1)
TYPES = ("truce_start", "hostage_release", "talks_held", "ASSAULT", "AGREE", "aid_entry")


def synthetic(n: int, seed: int = 7) -> tuple[list[DocInfo], list[tuple[str, str]]]:
    """n articles in n / PER_STORY stories: (DocInfo, (story, event) it was generated in)."""
    rng = np.random.default_rng(seed)
    stories = max(1, n // PER_STORY)
    centres = rng.standard_normal((stories, DIM)).astype(np.float32)
    docs, truth = [], []
    for i in range(n):
        s = i % stories
        vector = centres[s] + 0.6 * rng.standard_normal(DIM).astype(np.float32)
        vector /= np.linalg.norm(vector)
        day = START + timedelta(days=int(s * 730 / stories) + int(rng.integers(0, 10)))
        actors = frozenset({f"actor-{s}-{int(rng.integers(0, 4))}", f"actor-{s}-x"})
        docs.append(DocInfo(f"d{i:07d}", vector, day.isoformat(), actors))
        truth.append((f"story-{s}", f"event-{s}-{(i // stories) % 3}"))
    return docs, truth


def loaded(n: int) -> tuple[StoryClusterer, dict[str, float]]:
    """A clusterer holding n articles (placed in their true stories), restored from its
    stored bytes as the story stage does: (clusterer, build/restore seconds, blob MB)."""
    docs, truth = synthetic(n)
    records = tuple(
        DocRecord(d.doc_id, story, event, d.published, tuple(sorted(d.actors)), (), None, i)
        for i, (d, (story, event)) in enumerate(zip(docs, truth, strict=True))
    )
    started = time.perf_counter()
    built = StoryClusterer.from_state(ClusterState(records, np.stack([d.vector for d in docs])))
    blob = built.state().to_bytes()  # with the hnswlib graph past 5k rows
    build = time.perf_counter() - started
    started = time.perf_counter()
    clusterer = StoryClusterer.from_state(ClusterState.from_bytes(blob))
    restore = time.perf_counter() - started
    return clusterer, {"build_s": build, "restore_s": restore, "blob_mb": len(blob) / 2**20}


def add_one(sizes: list[int], repeats: int) -> list[dict[str, float]]:
    rows = []
    for n in sizes:
        clusterer, setup = loaded(n)
        fresh, _ = synthetic(repeats, seed=n + 1)
        times = []
        for doc in fresh:
            doc = DocInfo(f"new-{doc.doc_id}", doc.vector, doc.published, doc.actors)
            started = time.perf_counter()
            clusterer.add(doc)
            times.append(time.perf_counter() - started)
        rows.append({"articles": n, **setup,
                     "add_median_ms": 1000 * statistics.median(times),
                     "add_p90_ms": 1000 * sorted(times)[int(0.9 * (len(times) - 1))]})  # fmt: skip
        print(f"  {n:>7,} articles: index built in {setup['build_s']:.1f} s, state"
              f" {setup['blob_mb']:.0f} MB restored in {setup['restore_s']:.2f} s; add one: median "
              f"{rows[-1]['add_median_ms']:.2f} ms, p90 {rows[-1]['add_p90_ms']:.2f} ms",
              flush=True)  # fmt: skip
    return rows


# --- the full stage on a synthetic store -----------------------------------------------------


WORDS = [f"w{i}" for i in range(3000)]


def fill_store(db: Path, n: int, seed: int = 11) -> None:
    """n articles written straight into the tables ingest and analysis fill."""
    from storyline.store.sqlite import Store, now

    rng = random.Random(seed)
    stories = max(1, n // PER_STORY)
    store = Store(db)
    with store.transaction() as conn:
        for i in range(n):
            s = i % stories
            day = START + timedelta(days=int(s * 730 / stories) + rng.randrange(10))
            own = [f"s{s}t{j}" for j in range(12)]
            text = " ".join(rng.choice(own) if rng.random() < 0.4 else rng.choice(WORDS)
                            for _ in range(150))  # fmt: skip
            doc_id = f"d{i:07d}"
            conn.execute(
                "INSERT INTO documents (id, source, kind, outlet, title, published, text,"
                " text_hash, ingested_at) VALUES (?, ?, 'text', ?, ?, ?, ?, ?, ?)",
                (doc_id, f"{doc_id}.txt", f"Outlet {rng.randrange(12)}", " ".join(own[:5]),
                 day.isoformat(), text, doc_id, now()),
            )  # fmt: skip
            actors = [f"actor-{s}-{rng.randrange(4)}", f"actor-{s}-x"]
            conn.executemany("INSERT INTO actor_links VALUES (?, ?, ?)",
                             [(doc_id, a, a) for a in actors])  # fmt: skip
            for pos in range(3):
                event = {"type": rng.choice(TYPES), "actor": actors[0], "recipient": actors[1],
                         "status": "occurred", "date": day.isoformat(), "date_granularity": "day",
                         "evidence": {"start": 0, "end": 40, "text": text[:40]}}  # fmt: skip
                conn.execute("INSERT INTO extractions VALUES (?, 'event', ?, 0, 40, ?)",
                             (doc_id, pos, json.dumps(event)))  # fmt: skip
            figure = {"value": 100 + s + i // stories * 5, "qualifier": "exact",
                      "category": "killed", "counted": "people", "status": "reported",
                      "evidence": {"start": 0, "end": 3, "text": "100"}}  # fmt: skip
            conn.execute("INSERT INTO extractions VALUES (?, 'figure', 0, 0, 3, ?)",
                         (doc_id, json.dumps(figure)))  # fmt: skip
    store.close()


def stage_child(n: int, db: Path) -> None:
    """The stage alone in this process (the store was filled by another), so that ru_maxrss
    is the stage's own peak."""
    from storyline.store.sqlite import Store
    from storyline.story.stage import StorySettings, build

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store = Store(db)
    started = time.perf_counter()
    report = build(store, StorySettings(embedder="hash"))
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = build(store, StorySettings(embedder="hash"))
    rerun = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    print(json.dumps({"articles": n, "stage_s": first, "rerun_s": rerun, "report": report,
                      "rerun_added": again["documents_added"], "peak_rss_mb": peak / 1024,
                      "rss_before_stage_mb": before / 1024}))  # fmt: skip


def run_stage(n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        for step in (["--fill-child", str(n)], ["--stage-child", str(n)]):
            child = subprocess.run([sys.executable, __file__, *step, "--db", str(db)],
                                   capture_output=True, text=True, check=True)  # fmt: skip
        result: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--stage-docs", type=int, default=10000)
    parser.add_argument("--skip-stage", action="store_true")
    parser.add_argument("--stage-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--fill-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_child:
        return fill_store(args.db, args.fill_child)
    if args.stage_child:
        return stage_child(args.stage_child, args.db)
    print(f"Adding one article (median of {args.repeats}; embedding excluded):")
    rows = add_one([int(x) for x in args.sizes.split(",") if x], args.repeats)
    if not args.skip_stage:
        print(f"Full story stage over {args.stage_docs:,} synthetic articles (hash embedder):")
        stage: dict[str, Any] = run_stage(args.stage_docs)
        print(f"  {stage['stage_s']:.1f} s ({stage['articles'] / stage['stage_s']:.0f} articles/s),"
              f" peak RSS {stage['peak_rss_mb']:.0f} MB (before the stage"
              f" {stage['rss_before_stage_mb']:.0f} MB); rerun with nothing new"
              f" {stage['rerun_s']:.2f} s; {stage['report']}")  # fmt: skip
    print("\n| articles | state (MB) | restore state (s) | add one, median (ms) | p90 (ms) |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['articles']:,} | {row['blob_mb']:.0f} | {row['restore_s']:.2f}"
              f" | {row['add_median_ms']:.2f} | {row['add_p90_ms']:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
