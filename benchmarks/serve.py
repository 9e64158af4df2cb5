"""Load benchmark of `storyline serve`: many clients over a mix of pages and API calls.

    python benchmarks/serve.py                       # 20k articles, 50 clients, 30 s, both modes
    python benchmarks/serve.py --docs 2000 --seconds 5 --connections thread

Builds (once; reused with --db) a store of synthetic articles (paragraphs of the demo corpus
recombined, as in benchmarks/ingest.py) with synthetic extraction records, starts the server
as a child process on 127.0.0.1, runs N concurrent keep-alive clients for a fixed time over a
weighted mix of reads, and prints requests/s, p50/p95/p99 latency and the error count, overall
and for pages and the API apart. Clients only talk to 127.0.0.1; every loop is bounded.
`--connections thread,request` compares one read-only Storyline per worker thread with one per
request; `--workers 1,2` compares server processes; `--cache on,off` the response cache;
`--urls narrow,wide` the URL sets of serve_mix.py (wide: most answers must be computed);
`--src` runs the server from other source trees (an older checkout) in the same alternating
rounds (`--rounds`). Target on a 2-core machine: no errors, p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import serve_mix  # noqa: E402
from ingest import NAMES, OUTLETS, paragraph_pool, synthetic_article  # noqa: E402
from serve_client import HOST, Connection, Results, load  # noqa: E402
from serve_mix import Pools  # noqa: E402

ACTORS = (("hamas", "Hamas", "armed_group"), ("qatar", "Qatar", "state"),
          ("israel", "Israel", "state"), ("egypt", "Egypt", "state"))  # fmt: skip


# -- the store ------------------------------------------------------------------------------


def build_store(db: Path, size: int, seed: int = 11) -> None:
    """Ingest `size` synthetic articles (JSONL), then write synthetic extraction records."""
    from storyline import Storyline

    rng, pool = random.Random(seed), paragraph_pool()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(size):  # 2000 records a file: inputs are capped at 32 MiB each
            with (Path(tmp) / f"articles-{n // 2000:03d}.jsonl").open("a", encoding="utf-8") as out:
                out.write(json.dumps(synthetic_record(rng, pool, n)) + "\n")
        started = time.perf_counter()
        with Storyline(db) as sl:
            report = sl.ingest([tmp], workers=2)
            print(f"ingested {report.added} articles in {time.perf_counter() - started:.0f} s")
            seed_extractions(sl, rng)


def synthetic_record(rng: random.Random, pool: list[str], n: int) -> dict[str, str]:
    head, title, body = synthetic_article(rng, pool, n).split("\n", 2)
    return {"id": f"syn-{n}", "outlet": rng.choice(OUTLETS), "title": title,
            "author": rng.choice(NAMES), "published": head.split()[1], "language": "en",
            "text": body.strip()}  # fmt: skip


def seed_extractions(sl: object, rng: random.Random) -> None:
    """A few mentions, a figure, a quote and an event per article, with valid offsets."""
    from storyline.types import DocAnalysis, Item

    store = sl.store  # type: ignore[attr-defined]
    batch, links = [], []
    for doc in sl.documents():  # type: ignore[attr-defined]
        items, text = [], doc.text
        for pos, (key, name, _) in enumerate(ACTORS):
            at = text.find(name)
            if at >= 0:
                span = {"start": at, "end": at + len(name), "text": name}
                items.append(Item("mention", pos, at, at + len(name),
                                  json.dumps({**span, "label": "ORG", "actor": key})))  # fmt: skip
                links.append((doc.id, key, key))
        number = re.search(r"\b\d[\d,]* \w+", text)
        sentence = re.search(r"[A-Z][^.]{20,300}\.", text)
        if number and sentence:
            ev = {"start": number.start(), "end": number.end(), "text": number.group()}
            se = {"start": sentence.start(), "end": sentence.end(), "text": sentence.group()}
            items += [
                Item("figure", 0, ev["start"], ev["end"], json.dumps({
                    "value": rng.randint(1, 500), "qualifier": "exact", "kind": "count",
                    "counted": number.group().split()[-1], "category": "hostages_held",
                    "evidence": ev, "sentence": se, "as_of": doc.published})),
                Item("quote", 0, se["start"], se["end"], json.dumps({
                    "text": se["text"], "kind": "indirect", "evidence": se, "speaker": "an official",
                    "cue": "say"})),
                Item("event", 0, se["start"], se["end"], json.dumps({
                    "type": "negotiation", "plover_type": "CONSULT", "trigger": "met",
                    "evidence": se, "date": doc.published, "status": "occurred",
                    "actor": "qatar" if "Qatar" in text else None})),
            ]  # fmt: skip
        batch.append(DocAnalysis(doc.id, "bench", None, "ok", None, tuple(items)))
        if len(batch) == 500:
            store.write_analyses(batch)
            batch = []
    store.write_analyses(batch)
    actors = [{"key": k, "name": n, "type": t, "aliases": [], "roles": []} for k, n, t in ACTORS]
    store.replace_actors(actors, links)


def prepare_stories(db: Path, build: bool) -> None:
    if build and not serve_mix._read(db, "SELECT 1 FROM stories LIMIT 1"):
        from storyline import Storyline

        os.environ.setdefault("STORYLINE_EMBEDDER", "hash")  # no model download; minutes, once
        with Storyline(db) as sl:
            print(f"stories: {sl.build_stories()}")


def count_docs(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


# -- the server -----------------------------------------------------------------------------


def start_server(db: Path, port: int, run: dict[str, object]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "storyline", "--quiet", "serve", "--db", str(db), "--host", HOST,
           "--port", str(port), "--connections", str(run["connections"]),
           "--workers", str(run["workers"]), "--threads", str(run["threads"])]  # fmt: skip
    if run["cache"] == "off":
        cmd.append("--no-response-cache")
    env = {**os.environ, "PYTHONPATH": str(run["src"])}
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(300):
        try:
            status, _ = asyncio.run(_probe(port))
            if status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


async def _probe(port: int) -> tuple[int, bytes]:
    conn = Connection(port)
    try:
        return await conn.get("/api/v1/stats")
    finally:
        await conn.close()


async def _cursors(port: int) -> list[str]:
    conn, found, cursor = Connection(port), [], ""
    for _ in range(20):
        _, body = await conn.get(
            "/api/v1/documents?limit=50" + (f"&cursor={cursor}" if cursor else "")
        )
        cursor = json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)["next"]
        if not cursor:
            break
        found.append(cursor)
    await conn.close()
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its worker children (Linux /proc)."""
    total = 0.0
    for task in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in _children(int(c))]


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000
        if len(values) > 1
        else 0.0
    )


def report(res: Results, seconds: float) -> dict[str, object]:
    every = res.latencies["page"] + res.latencies["api"]
    row: dict[str, object] = {"requests": len(every),
                              "rps": round(len(every) / seconds, 1), "errors": len(res.errors)}  # fmt: skip
    row["cache_hits"] = round(1 - len(res.misses) / max(len(every), 1), 3)
    for name, values in (
        ("all", every),
        ("pages", res.latencies["page"]),
        ("api", res.latencies["api"]),
        ("misses", res.misses),
    ):
        row[name] = {f"p{q}": round(percentile(values, q), 1) for q in (50, 95, 99)}
    return row


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="Synthetic articles in the store.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", default="thread,request", help="thread, request or both.")
    parser.add_argument("--threads", default="40", help="Handler threads to compare, e.g. 8,40.")
    parser.add_argument("--workers", default="1", help="Server processes to compare, e.g. 1,2.")
    parser.add_argument(
        "--stories",
        action="store_true",
        help="Build stories in the store (once) and add story pages to the mix.",
    )
    parser.add_argument("--cache", default="on", help="Server response cache: on, off or on,off.")
    parser.add_argument("--db", type=Path, default=None, help="Store to build or reuse.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=float, default=3, help="Seconds of load before measuring.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON too.")
    parser.add_argument(
        "--urls", default="wide", help="URL sets: narrow, wide or both (serve_mix.py)."
    )
    parser.add_argument("--rounds", type=int, default=1, help="Repeat the settings, alternating.")
    parser.add_argument("--routes", action="store_true", help="Latency of every kind of request.")
    parser.add_argument(
        "--src",
        default=str(ROOT / "src"),
        help="Source trees the server runs from, e.g. an old checkout's, to compare.",
    )
    return parser.parse_args()


def main() -> None:
    args = arguments()
    db = args.db or Path(tempfile.gettempdir()) / f"storyline-serve-bench-{args.docs}.db"
    if count_docs(db) != args.docs:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        build_store(db, args.docs)
    prepare_stories(db, args.stories)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {count_docs(db)} documents in {db}"
    )
    print(f"{args.clients} clients, {args.seconds:.0f} s, keep-alive, Accept-Encoding: gzip")
    wide = serve_mix.wide(db) if "wide" in args.urls else None
    rows = []
    for _ in range(args.rounds):  # rounds alternate the settings, so a noisy machine hits all alike
        for run in runs(args):
            row, res = measure(db, args, run, wide)
            rows.append(row)
            show(row, res, args.routes)
    if args.rounds > 1:
        summary(rows)
    if args.json:
        print(json.dumps(rows, indent=2))


def runs(args: argparse.Namespace) -> list[dict[str, object]]:
    return [{"connections": m, "workers": int(w), "threads": int(t), "cache": c, "urls": u,
             "src": s} for s in args.src.split(",") for w in args.workers.split(",")
            for t in args.threads.split(",") for m in args.connections.split(",")
            for c in args.cache.split(",") for u in args.urls.split(",")]  # fmt: skip


def measure(db: Path, args: argparse.Namespace, run: dict[str, object],
            wide: Pools | None) -> tuple[dict[str, object], Results]:  # fmt: skip
    server = start_server(db, args.port, run)
    try:
        pools = (
            wide
            if run["urls"] == "wide" and wide
            else serve_mix.narrow(db, asyncio.run(_cursors(args.port)))
        )
        asyncio.run(load(args.port, args.clients, args.warmup, pools))
        used = cpu_seconds(server.pid)
        res = asyncio.run(load(args.port, args.clients, args.seconds, pools))
        used = cpu_seconds(server.pid) - used
    finally:
        server.terminate()
        server.wait(timeout=30)
    row = {**run, **report(res, args.seconds)}
    row["server_cpu_ms_per_request"] = round(1000 * used / max(int(row["requests"]), 1), 2)  # type: ignore[call-overload]
    return row, res


def show(row: dict[str, object], res: Results, routes: bool) -> None:
    settings = " ".join(
        f"{k}={row[k]}" for k in ("urls", "workers", "threads", "cache", "connections", "src")
    )
    print(f"\n{settings}: {row['requests']} requests, {row['rps']} req/s, {row['errors']} errors, "
          f"server CPU {row['server_cpu_ms_per_request']} ms/request")  # fmt: skip
    print(f"  {row['cache_hits']:.0%} answered from the response cache")
    for name in ("all", "pages", "api", "misses"):
        p: dict[str, float] = row[name]  # type: ignore[assignment]
        print(
            f"  {name:6} p50 {p['p50']:7.1f} ms   p95 {p['p95']:7.1f} ms   p99 {p['p99']:7.1f} ms"
        )
    by_p95 = sorted(res.by_route.items(), key=lambda kv: -percentile(kv[1], 95))
    if routes:
        for r, v in by_p95:
            print(
                f"    {r:58} {len(v):6} p50 {percentile(v, 50):7.1f}  p95 {percentile(v, 95):7.1f}"
            )
    else:
        print(
            "  slowest p95: " + ", ".join(f"{r} {percentile(v, 95):.0f} ms" for r, v in by_p95[:6])
        )
    for error in sorted(set(res.errors))[:10]:
        print(f"  error: {error}")


def summary(rows: list[dict[str, Any]]) -> None:
    """Medians over the rounds of each setting."""
    print("\nmedians over rounds:")
    keys = ("urls", "workers", "threads", "cache", "connections", "src")
    for setting in dict.fromkeys(tuple(r[k] for k in keys) for r in rows):
        same = [r for r in rows if tuple(r[k] for k in keys) == setting]
        figures = {name: statistics.median(get(r) for r in same) for name, get in (
            ("req/s", lambda r: r["rps"]), ("p50", lambda r: r["all"]["p50"]),
            ("p95", lambda r: r["all"]["p95"]), ("p99", lambda r: r["all"]["p99"]),
            ("misses p95", lambda r: r["misses"]["p95"]), ("hits %", lambda r: 100 * r["cache_hits"]))}  # fmt: skip
        text = ", ".join(f"{name} {value:.0f}" for name, value in figures.items())
        print(f"  {' '.join(map(str, setting))}: {text}, errors {sum(r['errors'] for r in same)}")


if __name__ == "__main__":
    main()
