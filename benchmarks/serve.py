"""Load benchmark of `storyline serve`: many clients over a mix of pages and API calls.

    python benchmarks/serve.py                       # 20k articles, 50 clients, 30 s, both modes
    python benchmarks/serve.py --docs 2000 --seconds 5 --connections thread

Builds (once; reused with --db) a store of synthetic articles (paragraphs of the demo corpus
recombined, as in benchmarks/ingest.py) with synthetic extraction records, starts the server
as a child process on 127.0.0.1, runs N concurrent keep-alive clients for a fixed time over a
weighted mix of reads, and prints requests/s, p50/p95/p99 latency and the error count, overall
and for pages and the API apart. Clients only talk to 127.0.0.1; every loop is bounded.
`--connections thread,request` compares one read-only Storyline per worker thread with one per
request; `--workers 1,2` compares server processes; `--cache on,off` the response cache. Target on a 2-core machine: no errors, p95 under 200 ms.
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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from ingest import NAMES, OUTLETS, paragraph_pool, synthetic_article  # noqa: E402

HOST = "127.0.0.1"
WORDS = ("hostages", "Doha", "ceasefire", "Qatar", '"prisoner release"', "truce extended", "Cairo")
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


def sample_ids(db: Path, n: int = 500) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [
            r[0] for r in conn.execute("SELECT id FROM documents ORDER BY random() LIMIT ?", (n,))
        ]


def story_refs(db: Path, n: int = 50) -> tuple[list[str], list[str]]:
    """Story and story-event ids, if the store has stories (`--stories` builds them)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            found = [[r[0] for r in conn.execute(f"SELECT id FROM {t} LIMIT ?", (n,))]
                     for t in ("stories", "story_events")]  # fmt: skip
        except sqlite3.OperationalError:  # a store from before the story stage
            return [], []
    return found[0], found[1]


def prepare_stories(db: Path, build: bool) -> tuple[list[str], list[str]]:
    if build and not story_refs(db)[0]:
        from storyline import Storyline

        os.environ.setdefault("STORYLINE_EMBEDDER", "hash")  # no model download; minutes, once
        with Storyline(db) as sl:
            print(f"stories: {sl.build_stories()}")
    return story_refs(db)


def count_docs(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


# -- the request mix ------------------------------------------------------------------------


STORIES: tuple[list[str], list[str]] = ([], [])  # set by main() when the store has stories


def request_mix(
    ids: list[str], cursors: list[str], rng: random.Random
) -> list[tuple[str, str, float]]:
    """(kind, path, weight): kind is "page" or "api"."""
    outlet = lambda: quote(rng.choice(OUTLETS))  # noqa: E731
    word = lambda: quote(rng.choice(WORDS))  # noqa: E731
    doc = lambda: rng.choice(ids)  # noqa: E731
    stories, events = STORIES
    told = [("page", f"/stories/{rng.choice(stories)}", 3), ("page", "/stories", 1),
            ("api", f"/api/v1/stories/{rng.choice(stories)}/timeline?limit=20", 2),
            ("page", f"/story-events/{rng.choice(events)}", 2),
            ("api", f"/api/v1/story-events/{rng.choice(events)}", 1),
            ("page", f"/series?story={rng.choice(stories)}", 1)] if stories and events else []  # fmt: skip
    return told + [
        ("page", "/", 8), ("page", "/documents", 6), ("page", f"/documents?outlet={outlet()}", 4),
        ("page", f"/documents?cursor={rng.choice(cursors)}", 4), ("page", f"/search?q={word()}", 5),
        ("page", f"/articles/{doc()}", 14), ("page", "/outlets", 3), ("page", "/actors", 2),
        ("page", "/figures", 2), ("page", "/quotes", 2), ("page", "/events", 2),
        ("page", "/actors/qatar", 2),
        ("api", "/api/v1/documents?limit=50", 7), ("api", f"/api/v1/documents/{doc()}", 12),
        ("api", f"/api/v1/documents?q={word()}&limit=20", 5), ("api", "/api/v1/coverage", 3),
        ("api", f"/api/v1/documents?outlet={outlet()}&from=2022-01-01", 4),
        ("api", "/api/v1/outlets", 2), ("api", "/api/v1/events?limit=50", 3),
        ("api", "/api/v1/quotes?q=official", 2), ("api", "/api/v1/stats", 2),
        ("api", "/api/v1/figures?category=hostages_held", 2),
    ]  # fmt: skip


def pick(ids: list[str], cursors: list[str], rng: random.Random) -> tuple[str, str]:
    mix = request_mix(ids, cursors, rng)
    kind, path, _ = rng.choices(mix, weights=[w for *_, w in mix])[0]
    return kind, path


# -- a small keep-alive HTTP/1.1 client (cheap on CPU, so the server gets the cores) ---------


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cached = False  # the last answer came from the server's response cache

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: gzip\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readline()).strip(), 16):
                body += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", 0)))
        if headers.get("connection") == "close":
            await self.close()
        self.cached = headers.get("x-storyline-cache") == "hit"
        return status, body  # still gzipped: the client spends no CPU it need not

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = self.reader = None


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "api": []})
    errors: list[str] = field(default_factory=list)
    by_route: dict[str, list[float]] = field(default_factory=dict)
    misses: list[float] = field(default_factory=list)  # answers computed, not from the cache


async def client(port: int, deadline: float, ids: list[str], cursors: list[str], seed: int,
                 out: Results, max_requests: int = 1_000_000) -> None:  # fmt: skip
    rng, conn = random.Random(seed), Connection(port)
    for _ in range(max_requests):  # bounded, and stops at the deadline
        if time.perf_counter() >= deadline:
            break
        kind, path = pick(ids, cursors, rng)
        start = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(conn.get(path), timeout=30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            out.errors.append(f"{path}: {type(exc).__name__}")
            await conn.close()
            continue
        out.latencies[kind].append(elapsed := time.perf_counter() - start)
        out.by_route.setdefault(route(path), []).append(elapsed)
        if not conn.cached:
            out.misses.append(elapsed)
        if status >= 400:
            out.errors.append(f"{path}: HTTP {status}")
    await conn.close()


async def load(
    port: int, clients: int, seconds: float, ids: list[str], cursors: list[str]
) -> Results:
    out = Results()
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(client(port, deadline, ids, cursors, i, out) for i in range(clients)))
    return out


# -- the server -----------------------------------------------------------------------------


def start_server(db: Path, port: int, connections: str, workers: int,
                 threads: int, cache: str = "on") -> subprocess.Popen[bytes]:  # fmt: skip
    cmd = [sys.executable, "-m", "storyline", "--quiet", "serve", "--db", str(db), "--host", HOST,
           "--port", str(port), "--connections", connections, "--workers", str(workers),
           "--threads", str(threads)]  # fmt: skip
    if cache == "off":
        cmd.append("--no-response-cache")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
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


def route(path: str) -> str:
    """A path with its ids and values taken out, to group latencies by kind of request."""
    path = re.sub(r"/d[0-9a-f]{20}\b", "/{id}", path)
    return re.sub(r"=[^&]*", "=", path)


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000
        if len(values) > 1
        else 0.0
    )


def report(mode: str, res: Results, seconds: float) -> dict[str, object]:
    every = res.latencies["page"] + res.latencies["api"]
    row: dict[str, object] = {"connections": mode, "requests": len(every),
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
    return parser.parse_args()


def main() -> None:
    args = arguments()
    db = args.db or Path(tempfile.gettempdir()) / f"storyline-serve-bench-{args.docs}.db"
    if count_docs(db) != args.docs:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        build_store(db, args.docs)
    ids = sample_ids(db)
    STORIES[0][:], STORIES[1][:] = prepare_stories(db, args.stories)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {count_docs(db)} documents in {db}"
    )
    print(f"{args.clients} clients, {args.seconds:.0f} s, keep-alive, Accept-Encoding: gzip")
    rows = []
    runs = [(m, int(w), int(t), c) for w in args.workers.split(",")
            for t in args.threads.split(",") for m in args.connections.split(",")
            for c in args.cache.split(",")]  # fmt: skip
    for mode, workers, threads, cache in runs:
        server = start_server(db, args.port, mode, workers, threads, cache)
        try:
            cursors = asyncio.run(_cursors(args.port))
            asyncio.run(load(args.port, args.clients, args.warmup, ids, cursors))
            used = cpu_seconds(server.pid)
            res = asyncio.run(load(args.port, args.clients, args.seconds, ids, cursors))
            used = cpu_seconds(server.pid) - used
        finally:
            server.terminate()
            server.wait(timeout=30)
        row = {"workers": workers, "threads": threads, "cache": cache,
               **report(mode, res, args.seconds)}  # fmt: skip
        row["server_cpu_ms_per_request"] = round(1000 * used / max(row["requests"], 1), 2)  # type: ignore[operator]
        rows.append(row)
        print(f"\nconnections={mode} workers={workers} threads={threads} cache={cache}: {row['requests']} requests, "
              f"{row['rps']} req/s, {row['errors']} errors, "
              f"server CPU {row['server_cpu_ms_per_request']} ms/request")  # fmt: skip
        print(f"  {row['cache_hits']:.0%} answered from the response cache")
        for name in ("all", "pages", "api", "misses"):
            p = row[name]
            print(
                f"  {name:6} p50 {p['p50']:7.1f} ms   p95 {p['p95']:7.1f} ms   p99 {p['p99']:7.1f} ms"
            )  # type: ignore[index]
        slow = sorted(res.by_route.items(), key=lambda kv: -percentile(kv[1], 95))[:6]
        print("  slowest p95: " + ", ".join(f"{r} {percentile(v, 95):.0f} ms" for r, v in slow))
        for error in sorted(set(res.errors))[:10]:
            print(f"  error: {error}")
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
