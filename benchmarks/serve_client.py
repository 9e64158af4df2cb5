"""The clients of benchmarks/serve.py: a small keep-alive HTTP/1.1 client, cheap on CPU so the
server gets the cores, and the closed loop each simulated reader runs (no think time)."""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

import serve_mix
from serve_mix import Pools

HOST = "127.0.0.1"


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


async def client(port: int, deadline: float, pools: Pools, seed: int, out: Results,
                 max_requests: int = 1_000_000) -> None:  # fmt: skip
    rng, conn = random.Random(seed), Connection(port)
    for _ in range(max_requests):  # bounded, and stops at the deadline
        if time.perf_counter() >= deadline:
            break
        kind, path = serve_mix.pick(pools, rng)
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


async def load(port: int, clients: int, seconds: float, pools: Pools) -> Results:
    out = Results()
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(client(port, deadline, pools, i, out) for i in range(clients)))
    return out


def route(path: str) -> str:
    """A path with its ids and values taken out, to group latencies by kind of request."""
    path = re.sub(r"/(d|story-|se-)[0-9a-f]{12,}\b", r"/\1{id}", path)
    return re.sub(r"=[^&]*", "=", path)
