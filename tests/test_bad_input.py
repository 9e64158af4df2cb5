"""Bad input: each bad file gets one clear line and one `errors` row; the batch goes on.

Every input is generated in tmp_path at test time (nothing binary or large is committed). The
real CLI runs once over the whole directory (module fixture), then again to check that a rerun
adds nothing; the tests below each check one property of those two runs, so a failure names the
input that misbehaved.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline import Storyline

GOOD_1 = """Harbour strike ends after nine days

Dock workers in the port of Velmora went back to the cranes on Wednesday after their union \
accepted a pay offer that raises night-shift rates by eleven percent.

The port authority said the backlog of some forty container ships anchored offshore would take \
about two weeks to clear. Talks on pensions are due to resume next month.
"""

GOOD_2 = """Library reopens with a rooftop reading garden

The municipal library of Ostbrook reopened on Saturday after a two-year renovation that added a \
reading garden on its roof and doubled the space set aside for children.

Librarians said more than three thousand visitors came through the doors on the first day, many \
of them returning books borrowed before the building closed.
"""

# Accented French, long enough to be an article: charset detection needs some text to go on.
FRENCH = """Rencontre à Genève entre les médiateurs

Les délégués des deux camps se sont retrouvés mardi matin dans un café près de la gare de \
Genève, a-t-on appris de source diplomatique. La réunion, prévue de longue date, devait \
permettre de préparer un échange de prisonniers.

Selon un responsable suisse, les discussions ont duré près de quatre heures et se sont \
déroulées dans une atmosphère sérieuse mais cordiale. Aucun accord n'a été signé, mais les \
participants ont convenu de se revoir la semaine prochaine à Lausanne.

Le ministère des Affaires étrangères a salué un premier pas et rappelé que la Suisse était \
prête à accueillir d'autres rencontres. Les familles des détenus, réunies devant l'hôtel, ont \
demandé des garanties sur le sort de leurs proches.
"""

WARC_STORIES = (
    "A regional airline grounded its fleet of turboprops on Monday after inspectors found worn "
    "bolts on a landing gear assembly. Passengers were moved onto buses and partner flights.",
    "Farmers in the upper valley began the grape harvest three weeks early this year, blaming a "
    "dry spring and a hot July. Cooperatives expect smaller volumes but sweeter fruit.",
    "The city council voted to close the old tram depot and turn it into a covered market with "
    "forty stalls, a bakery school and a small concert hall for local bands.",
)

# Bad inputs: file name (as the error names it, relative to the corpus) -> a phrase the problem
# must contain. `cut.html` is stored with a warning; every other one is an error.
BAD = {
    "empty.txt": "empty",
    "photo.txt": "binary",
    "huge.txt": "MB",
    "cut.html": "truncated",
    "cut.json": "truncated JSON",
    "cut.warc": "truncated",
    "cut.warc.gz": "truncated",
    "lines.jsonl#L2": "not JSON",
    "notext.json": "no text",
    "unreadable.txt": "cannot read",
    "loop.txt": "symlink loop",
    "spiral/back": "symlink loop",
}
WARNINGS = {"cut.html"}

GOOD_SOURCES = {
    "good1.txt",
    "good2.txt",
    "latin1.txt",
    "utf16.txt",
    "mixed-utf8.txt",
    "lines.jsonl#L1",
    "cut.html",
    "cut.warc#https://example.org/plain/0",
    "cut.warc#https://example.org/plain/1",
    "cut.warc.gz#https://example.org/gzip/0",
    "cut.warc.gz#https://example.org/gzip/1",
}


def _warc(gzip: bool, tag: str) -> bytes:
    """Three HTML response records, cut in the middle of the third (long) one: a partial record
    with plenty of text must not pass for a complete one."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    starts = []
    for i, story in enumerate(WARC_STORIES):
        starts.append(buf.tell())
        paragraphs = [story] + [f"Update {n}: {story}" for n in range(1, 12 if i == 2 else 1)]
        html = (
            f"<html><head><title>{tag} story {i}</title></head><body><article>"
            f"<h1>{tag} story {i}</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}"
            "</article></body></html>"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{tag}/{i}",
                "response",
                payload=io.BytesIO(html),
                http_headers=headers,
            )
        )
    end = buf.tell()
    return buf.getvalue()[: starts[2] + (end - starts[2]) // 2]


def _unreadable(path: Path) -> None:
    """A file whose read() really fails, also for root (tests often run as root in containers).

    As a normal user, chmod 000 gives EACCES. Root ignores permission bits, so there we use a
    symlink to /proc/self/mem: it exists and opens, but reading at offset 0 (an unmapped
    address in the reading process) fails with EIO, which exercises the same `cannot read`
    path in the reader. A FIFO would block, a directory is walked instead of read, and a
    dangling symlink is the separate `symlink loop` case.
    """
    if os.geteuid() != 0:
        path.write_text(GOOD_1)
        path.chmod(0)
    else:
        path.symlink_to("/proc/self/mem")


def build_corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "good1.txt").write_text(GOOD_1, encoding="utf-8")
    (root / "good2.txt").write_text(GOOD_2, encoding="utf-8")
    (root / "latin1.txt").write_bytes(FRENCH.encode("latin-1"))
    (root / "utf16.txt").write_bytes(FRENCH.replace("mardi", "jeudi").encode("utf-16"))
    # UTF-8 with one stray Latin-1 byte (a pasted "é"): mostly UTF-8, so it should be read as
    # UTF-8 with that byte replaced, not re-guessed as a legacy code page (mojibake).
    mixed = FRENCH.replace("mardi", "vendredi").encode("utf-8").replace(b"source", b"s\xe9ource")
    (root / "mixed-utf8.txt").write_bytes(mixed)
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.txt").write_bytes(bytes(range(256)) * 16)  # NULs and control bytes
    with (root / "huge.txt").open("wb") as handle:  # 50 MB, sparse: never really written
        handle.truncate(50 * 1000 * 1000)
    html = "<html><head><title>Ferry service resumes</title></head><body><article>"
    html += "".join(f"<p>{p}</p>" for p in GOOD_2.split("\n\n")[1:])
    (root / "cut.html").write_text(html + "<p>The ferry operator said that", encoding="utf-8")
    (root / "cut.json").write_text('{"title": "Budget vote", "text": "The assembly passed the')
    (root / "cut.warc").write_bytes(_warc(gzip=False, tag="plain"))
    (root / "cut.warc.gz").write_bytes(_warc(gzip=True, tag="gzip"))
    good_line = json.dumps(
        {"title": "Bridge repairs", "text": WARC_STORIES[2].replace("tram", "rail")}
    )
    (root / "lines.jsonl").write_text(good_line + "\n{title: not json}\n")
    (root / "notext.json").write_text('{"title": "Headline only", "url": "https://example.org/h"}')
    _unreadable(root / "unreadable.txt")
    (root / "loop.txt").symlink_to("loop.txt")  # a file symlink pointing at itself
    (root / "spiral").mkdir()
    (root / "spiral" / "back").symlink_to("..")  # a directory symlink back to the root
    return root


def _rel(source: str, root: Path) -> str:
    return source.removeprefix(str(root) + os.sep)


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def _counts(db: Path) -> dict[str, int]:
    tables = ("documents", "errors", "removed_lines", "raw_records", "minhash", "lsh_bands")
    return {t: _rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, cli: Callable[..., Any]) -> dict[str, Any]:
    root = build_corpus(tmp_path_factory.mktemp("bad") / "inputs")
    db = root.parent / "bad.db"
    first = cli("--db", db, "ingest", root)
    counts = _counts(db)
    second = cli("--db", db, "--json", "ingest", root)
    return {"root": root, "db": db, "first": first, "counts": counts, "second": second}


def _stderr_lines(runs: dict[str, Any]) -> list[str]:
    return [line for line in runs["first"].stderr.splitlines() if line.strip()]


def _errors(runs: dict[str, Any]) -> dict[str, tuple[str, str]]:
    rows = _rows(runs["db"], "SELECT source, problem, level FROM errors")
    return {_rel(source, runs["root"]): (problem, level) for source, problem, level in rows}


def test_exit_code_says_some_inputs_failed(runs: dict[str, Any]) -> None:
    assert runs["first"].exit_code == 1, runs["first"].output


def test_stderr_has_exactly_one_line_per_bad_input(runs: dict[str, Any]) -> None:
    lines = _stderr_lines(runs)
    assert len(lines) == len(BAD), "\n".join(lines)


@pytest.mark.parametrize("name", sorted(BAD))
def test_stderr_line_names_input_and_problem(runs: dict[str, Any], name: str) -> None:
    source = str(runs["root"] / name)
    mine = [line for line in _stderr_lines(runs) if f"{source}: " in line]
    assert len(mine) == 1, f"{name}: {mine} in\n{runs['first'].stderr}"
    level = "warning" if name in WARNINGS else "error"
    assert mine[0].startswith(f"{level}: {source}: ")
    assert BAD[name].lower() in mine[0].lower()


@pytest.mark.parametrize("name", sorted(BAD))
def test_errors_table_has_a_row_for_each_bad_input(runs: dict[str, Any], name: str) -> None:
    errors = _errors(runs)
    assert name in errors, f"no errors row for {name}: {errors}"
    problem, level = errors[name]
    assert BAD[name].lower() in problem.lower()
    assert level == ("warning" if name in WARNINGS else "error")


def test_errors_table_has_nothing_else(runs: dict[str, Any]) -> None:
    assert set(_errors(runs)) <= set(BAD)


def test_good_and_recoverable_inputs_are_stored(runs: dict[str, Any]) -> None:
    stored = {_rel(s, runs["root"]) for (s,) in _rows(runs["db"], "SELECT source FROM documents")}
    assert stored == GOOD_SOURCES


def _text(runs: dict[str, Any], name: str) -> str:
    source = f"{runs['root']}{os.sep}{name}"  # not Path: it would fold the "//" of a URL
    rows = _rows(runs["db"], f"SELECT text FROM documents WHERE source = '{source}'")
    assert len(rows) == 1, f"{name} not stored"
    return str(rows[0][0])


@pytest.mark.parametrize("name", ["latin1.txt", "utf16.txt", "mixed-utf8.txt"])
def test_other_encodings_are_decoded_not_rejected(runs: dict[str, Any], name: str) -> None:
    text = _text(runs, name)
    for word in ("Genève", "café", "délégués", "prête"):
        assert word in text, f"{name}: {word!r} missing (mojibake?): {text[:200]!r}"


def test_truncated_html_keeps_what_was_there(runs: dict[str, Any]) -> None:
    assert "two-year renovation" in _text(runs, "cut.html")


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_warc_keeps_records_before_the_cut(runs: dict[str, Any], name: str) -> None:
    tag = "plain" if name == "cut.warc" else "gzip"
    for i in (0, 1):
        assert WARC_STORIES[i][:40] in _text(runs, f"{name}#https://example.org/{tag}/{i}")
    cut = _rows(runs["db"], f"SELECT source FROM documents WHERE source LIKE '%/{tag}/2'")
    assert cut == [], "the record cut in half was stored as if complete"


def test_rerun_adds_nothing(runs: dict[str, Any]) -> None:
    second = runs["second"]
    assert second.exit_code == 1, second.output
    assert json.loads(second.stdout)["added"] == 0
    assert _counts(runs["db"]) == runs["counts"]


def test_python_api_report_names_each_bad_input(tmp_path: Path, tmp_db: Path) -> None:
    root = build_corpus(tmp_path / "inputs")
    with Storyline(tmp_db) as sl:
        report = sl.ingest([str(root)])
    problems = {_rel(e.source, root): e for e in report.errors}
    assert set(problems) == set(BAD), sorted(problems)
    for name, phrase in BAD.items():
        assert phrase.lower() in problems[name].problem.lower(), problems[name]
        assert problems[name].level == ("warning" if name in WARNINGS else "error")
    assert report.failed == len(BAD) - len(WARNINGS)
    assert report.added == len(GOOD_SOURCES)
