"""Extraction speed: bare en_core_web_md against the full Storyline pipeline, in one run.

Prints words/s for the bare model (nlp.pipe) and for the full analysis path (model + our five
components + records), their ratio, the speed-up of two worker processes over one (after each
worker has loaded its pipeline, so start-up is reported apart), peak RSS per process, and the
time `import storyline` takes in a fresh interpreter.

    python benchmarks/pipeline.py [--words 200000] [--slices 10] [--repeats 3]

Bare and full run over the corpus in slices, in turn (`--slices`); the headline ratio is the
median of the slices' ratios, and the ratio over the whole corpus and by CPU time of the one
process are printed beside it, with the spread of the slices.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline import Storyline  # noqa: E402
from storyline.nlp.analyse import analyse_batch, analysis_version  # noqa: E402
from storyline.nlp.models import load_base, load_pipeline  # noqa: E402
from storyline.types import AnalysisInput  # noqa: E402


def corpus(words: int, tmp: Path) -> list[AnalysisInput]:
    """The demo corpus's English clean texts (from a real ingest), repeated to `words` words."""
    with Storyline(tmp / "bench.db") as sl:
        sl.ingest([str(ROOT / "examples" / "demo")])
        docs = [d for d in sl.documents() if d.language == "en"]
    out: list[AnalysisInput] = []
    total = 0
    while total < words:
        for doc in docs:
            out.append(AnalysisInput(f"{doc.id}-{len(out)}", doc.text, doc.published, "en"))
            total += len(doc.text.split())
            if total >= words:
                break
    return out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def bare(nlp: Any, inputs: list[AnalysisInput]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((i.text for i in inputs), batch_size=16):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def full(inputs: list[AnalysisInput], version: str) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(inputs), 16):
        analyse_batch(inputs[i : i + 16], version=version)
    return time.perf_counter() - wall, time.process_time() - cpu


def side_by_side(
    inputs: list[AnalysisInput], version: str, slices: int
) -> list[tuple[Timing, Timing]]:
    """(bare, full) timings of each slice of the corpus, both models loaded and warmed first.
    Slices of half a minute and the order flipped from one to the next: a slow spell of a
    shared machine then falls on one slice's pair, which the median of the slices' ratios
    leaves out, rather than on one side of the whole comparison."""
    nlp = load_base("en_core_web_md")
    load_pipeline()
    warm = [AnalysisInput("warm", "Talks resumed in Doha on Monday.", None, "en")]
    bare(nlp, warm), full(warm, version)
    size = -(-len(inputs) // slices)
    pairs = []
    for n, start in enumerate(range(0, len(inputs), size)):
        part = inputs[start : start + size]
        if n % 2:
            f = full(part, version)
            pairs.append((bare(nlp, part), f))
        else:
            b = bare(nlp, part)
            pairs.append((b, full(part, version)))
    return pairs


def _warm(_: int) -> float:
    load_pipeline()
    analyse_batch([AnalysisInput("warm", "Talks resumed in Doha on Monday.", None, "en")])
    return rss_mb()


def _work(batch: list[AnalysisInput]) -> float:
    analyse_batch(batch, version="bench")
    return rss_mb()


def pooled(inputs: list[AnalysisInput], workers: int) -> tuple[float, float, float]:
    """(seconds of work after warm-up, warm-up seconds, peak RSS MB of any worker)."""
    batches = [inputs[i : i + 16] for i in range(0, len(inputs), 16)]
    # As the local engine does: one BLAS/OpenMP thread per worker, whose spinning threads
    # would otherwise fight over the two cores (set before the children import numpy).
    os.environ.update(
        dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
    )
    with mp.get_context("spawn").Pool(workers) as pool:
        t0 = time.perf_counter()
        peaks = pool.map(_warm, range(workers), chunksize=1)
        warm = time.perf_counter() - t0
        t1 = time.perf_counter()
        peaks += pool.map(_work, batches, chunksize=1)
        return time.perf_counter() - t1, warm, max(peaks)


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import storyline; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")}).stdout)
        for _ in range(5)
    ]  # fmt: skip
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3, help="Runs of each worker pool.")
    parser.add_argument("--slices", type=int, default=10, help="Bare/full pairs over the corpus.")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        inputs = corpus(args.words, Path(tmp))
    words = sum(len(i.text.split()) for i in inputs)
    version = analysis_version()
    pairs = side_by_side(inputs, version, args.slices)
    # One and two workers take turns, so that a slow spell falls on both.
    one, two = [], []
    for _ in range(args.repeats):
        one.append(pooled(inputs, 1))
        two.append(pooled(inputs, 2))
    bare_s, full_s = (sum(p[side][0] for p in pairs) for side in (0, 1))
    bare_cpu, full_cpu = (sum(p[side][1] for p in pairs) for side in (0, 1))
    one_s, two_s = statistics.median(r[0] for r in one), statistics.median(r[0] for r in two)
    print(f"python {sys.version.split()[0]}, {mp.cpu_count()} CPUs, {words:,} words, "
          f"{len(inputs)} documents; bare and full over {len(pairs)} slices in turn, "
          f"pools median of {args.repeats}")  # fmt: skip
    print(f"{'run':<34}{'seconds':>9}{'words/s':>10}")
    for label, secs in (("bare en_core_web_md (nlp.pipe)", bare_s), ("full Storyline pipeline", full_s),
                        ("full, pool of 1 worker", one_s), ("full, pool of 2 workers", two_s)):  # fmt: skip
        print(f"{label:<34}{secs:>9.2f}{words / secs:>10,.0f}")
    ratios = sorted(b[0] / f[0] for b, f in pairs)
    print(f"full / bare words/s ratio: {statistics.median(ratios):.2f} median of the slices "
          f"(target >= 0.8); over the whole corpus {bare_s / full_s:.2f}, by CPU time "
          f"{bare_cpu / full_cpu:.2f}; slices from {ratios[0]:.2f} to {ratios[-1]:.2f}")  # fmt: skip
    print(f"2 workers / 1 worker: {one_s / two_s:.2f}x  (target >= 1.7)")
    print(f"worker start-up (load pipeline): 1 worker {statistics.median(r[1] for r in one):.1f} s, "
          f"2 workers {statistics.median(r[1] for r in two):.1f} s (not counted above)")  # fmt: skip
    print(f"peak RSS per worker: {max(r[2] for r in one + two):.0f} MB  (target <= 1536 MB); "
          f"this process {rss_mb():.0f} MB")  # fmt: skip
    print(f"import storyline: {import_seconds() * 1000:.0f} ms median of 5  (target < 300 ms)")


if __name__ == "__main__":
    main()
