"""Ingest throughput and peak memory on synthetic corpora of growing size.

    python benchmarks/ingest.py --sizes 1000,10000 --repeats 3 --workers 1,2

Articles are made by recombining paragraphs of the plain-text demo articles (examples/demo):
each gets its own outlet, date, byline and a seeded choice and order of paragraphs and
sentences, so all are distinct and some near-duplicates occur, as in a real news dump. Every
measurement is a fresh `python -m storyline --json ingest DIR` child into an empty database
(its JSON report tells a finished run from a crash: both may exit 1). Wall time is taken
around it, peak RSS from os.wait4's rusage (ru_maxrss: the largest single process, the child
or a worker it reaped; not the sum over workers). Memory should stay flat as the corpus grows
(streaming, batched writes): RSS(largest)/RSS(smallest) near 1.0-1.3.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
OUTLETS = (
    "Northern Courier", "Harbour Times", "Valley Ledger", "Coastal Wire", "Metro Daily",
    "Evening Post", "Plains Gazette", "Island Herald", "Summit News", "Delta Observer",
)  # fmt: skip
NAMES = ("Ana Ruiz", "Tom Okafor", "Mei Lin", "Jonas Berg", "Sara Cohen", "Omar Haddad")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'«])")


def paragraph_pool(demo: Path = DEMO) -> list[str]:
    """Body paragraphs of the plain-text demo articles (long ones: no headers, captions, footers)."""
    pool = []
    for path in sorted(demo.glob("*")):
        if path.suffix in (".txt", ".md"):
            for para in path.read_text(encoding="utf-8").split("\n\n"):
                para = " ".join(para.split())
                if len(para) > 200 and not para.startswith(("---", "#", "©")):
                    pool.append(para)
    if len(pool) < 20:
        sys.exit(f"too few paragraphs in {demo} to build a corpus ({len(pool)})")
    return pool


def synthetic_article(rng: random.Random, pool: list[str], n: int) -> str:
    paragraphs = []
    for para in rng.sample(pool, rng.randint(5, 9)):
        sentences = SENTENCE.split(para)
        if len(sentences) > 2 and rng.random() < 0.5:
            rng.shuffle(sentences)
        paragraphs.append(" ".join(sentences))
    outlet = rng.choice(OUTLETS)
    date = f"20{rng.randint(20, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = " ".join(SENTENCE.split(paragraphs[0])[0].rstrip(".").split()[:12])
    return (
        f"date {date} English\n{title} ({n})\n\nBy {rng.choice(NAMES)}\n\n"
        + "\n\n".join(paragraphs)
        + f"\n\n© {date[:4]} {outlet}. All rights reserved.\n"
    )


def make_corpus(directory: Path, size: int, seed: int = 7) -> Path:
    rng, pool = random.Random(seed), paragraph_pool()
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(size):
        sub = directory / f"{n // 1000:03d}"  # 1000 files a folder, as dumps are laid out
        sub.mkdir(exist_ok=True)
        (sub / f"article-{n:06d}.txt").write_text(synthetic_article(rng, pool, n), "utf-8")
    return directory


def measure(corpus: Path, db: Path, workers: int) -> tuple[float, float, str | None]:
    """(seconds, peak RSS in MB, problem or None) of one ingest child into an empty database."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "storyline", "--db", str(db), "--json", "ingest",
           "--workers", str(workers), str(corpus)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    try:  # exit 1 is also "some inputs failed": only the JSON report says the run completed
        report = json.loads(stdout)
        problem = None if report["seen"] > 0 else "nothing ingested"
    except (ValueError, KeyError):
        lines = [line for line in stderr.splitlines() if line.strip()]
        problem = f"exit {proc.returncode}: {lines[-1].strip() if lines else 'no output'}"
    return seconds, rss_mb, problem


def stored(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Corpus sizes (articles).")
    parser.add_argument("--repeats", type=int, default=3, help="Runs per cell; medians shown.")
    parser.add_argument("--workers", default="1,2", help="Worker counts to compare.")
    parser.add_argument("--tmp", default=None, help="Where to build corpora (default: a temp dir).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(w) for w in args.workers.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="storyline-bench-", dir=args.tmp))
    results: dict[tuple[int, int], tuple[float, float]] = {}
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, repeats={args.repeats}")
    print(
        f"{'articles':>9} {'workers':>7} {'stored':>7} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12}"
    )
    try:
        for size in sizes:
            corpus = make_corpus(tmp / f"corpus-{size}", size)
            for w in workers:
                db = tmp / f"bench-{size}-{w}.db"
                runs = [measure(corpus, db, w) for _ in range(args.repeats)]
                failed = next((r[2] for r in runs if r[2]), None)
                if failed:
                    print(f"{size:>9} {w:>7}  FAILED: {failed}", flush=True)
                    continue
                seconds = statistics.median(r[0] for r in runs)
                rss = statistics.median(r[1] for r in runs)
                results[size, w] = (size / seconds, rss)
                print(f"{size:>9} {w:>7} {stored(db):>7} {seconds:>8.2f} {size / seconds:>8.1f}"
                      f" {rss:>12.1f}", flush=True)  # fmt: skip
            shutil.rmtree(corpus)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    small, large = min(sizes), max(sizes)
    if small != large:
        for w in (w for w in workers if (small, w) in results and (large, w) in results):
            ratio = results[large, w][1] / results[small, w][1]
            print(f"RSS({large})/RSS({small}) with {w} worker(s): {ratio:.2f}  (flat: 1.0-1.3)")
    if 1 in workers:
        for w in (w for w in workers if w != 1):
            for size in (s for s in sizes if (s, w) in results and (s, 1) in results):
                speedup = results[size, w][0] / results[size, 1][0]
                print(f"speedup workers={w} vs 1 at {size} articles: {speedup:.2f}x")


if __name__ == "__main__":
    main()
