"""Commands over stories: stories, timeline, outlets (all with --json)."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyline.cli.common import EXIT_NOT_FOUND, Opts, app, err, fail, out, progress, service

STORY = typer.Argument(..., help="Story id or a unique prefix of one (see `storyline stories`).")
LIMIT = typer.Option(0, "--limit", "-n", min=0, help="Show at most N rows (0: all).")
ID_WIDTH = 16  # "story-" and ten hex digits: a unique prefix in practice
SHORT, LONG = 26, 60  # cells up to SHORT characters are never cut; longer ones at LONG
JSON = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


def _json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


def _cut(rows: list[Any], limit: int) -> list[Any]:
    return rows[:limit] if limit else rows


def _table(title: str, headers: list[str], rows: list[list[Any]]) -> None:
    """One line per row: short cells (ids, dates, counts) keep their width, so ids can be
    copied; long texts are cut with an ellipsis."""
    cells = [[" ".join(("" if v is None else str(v)).split()) for v in row] for row in rows]
    table = Table(title=title)
    natural = 1
    for i, header in enumerate(headers):
        longest = max([len(header), *(len(row[i]) for row in cells)])
        natural += min(longest, LONG) + 3
        if longest <= SHORT:
            table.add_column(header, no_wrap=True, min_width=longest)
        else:
            table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=LONG)
    for row in cells:
        table.add_row(*[Text(c) for c in row])
    # Piped output has no terminal width (rich assumes 80): give the table its own, so that
    # columns are not squeezed to nothing.
    console = out if out.is_terminal else Console(width=max(natural, out.width), soft_wrap=True)
    console.print(table)


@app.command()
def stories(
    rebuild: bool = typer.Option(False, "--rebuild", help="Recompute every story from scratch."),
    update: bool = typer.Option(False, "--update", help="Place documents not yet in a story."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, help="Processes extracting documents dated from content again."
    ),  # fmt: skip
    limit: int = LIMIT,
    as_json: bool = JSON,
) -> None:
    """Stories: documents grouped into threads across outlets, the largest first."""
    if rebuild or update:
        with service() as sl, progress("stories", sl.pending_stories() or None) as advance:
            report = sl.build_stories(advance, rebuild=rebuild, workers=workers)
        if not (Opts.json or as_json or Opts.quiet):
            out.print(_report_line(report), markup=False, highlight=False)
    with service(readonly=True) as sl:
        rows, pending = sl.stories(), sl.pending_stories()
    if Opts.json or as_json:
        return _json(_cut(rows, limit))
    if pending:
        err.print(f"{pending} documents are in no story yet: `storyline stories --update`"
                  " places them", markup=False, highlight=False)  # fmt: skip
    cells = [
        [s["id"][:ID_WIDTH], s["n_documents"], s["n_events"], s["first_date"], s["last_date"],
         len(s["outlets"]), s["title"]]
        for s in _cut(rows, limit)
    ]  # fmt: skip
    headers = ["story", "docs", "events", "first", "last", "outlets", "title"]
    _table(f"stories ({len(rows)})", headers, cells)


def _report_line(report: dict[str, Any]) -> str:
    return (
        f"stories: {report['documents_added']} documents placed, {report['dated']} dated from"
        f" content; {report['stories']} stories, {report['story_events']} story events,"
        f" {report['series']} figure series ({report['embedder']})"
    )


@app.command()
def timeline(
    story: str = STORY,
    limit: int = LIMIT,
    min_reports: int = typer.Option(
        1, "--min-reports", min=1, help="Only story events reported by at least N documents."
    ),
    as_json: bool = JSON,
) -> None:
    """A story's events by date: support, first report, disagreements and status path."""
    with service(readonly=True) as sl:
        found = sl.timeline(story)
    if found is None:
        raise fail(f"no story {story!r} (unknown or ambiguous id)", EXIT_NOT_FOUND)
    found = [e for e in found if e["n_documents"] >= min_reports]
    if Opts.json or as_json:
        return _json(_cut(found, limit))
    cells = [
        [e["date"] or "?", e["type"], " > ".join(e["status_path"]), e["n_documents"],
         ", ".join(e["outlets"]), _first(e["first_report"]), _disagree(e["disagreements"]),
         (e.get("text") or "")[:90]]
        for e in _cut(found, limit)
    ]  # fmt: skip
    headers = ["date", "type", "status path", "documents", "outlets", "first report", "disagree",
               "evidence"]  # fmt: skip
    _table(f"timeline of {story} ({len(found)} story events)", headers, cells)


def _first(report: dict[str, Any]) -> str:
    return f"{report.get('outlet') or '?'} {report.get('published') or ''}".strip()


def _disagree(items: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{d['field']}: " + " / ".join(str(v["value"]) for v in d["values"]) for d in items
    )


@app.command()
def outlets(story: str = STORY, limit: int = LIMIT, as_json: bool = JSON) -> None:
    """Who covered a story's events (blind spots), what each outlet calls things, and the
    words that set each outlet apart (weighted log-odds, z-scores)."""
    with service(readonly=True) as sl:
        found = sl.outlets(story)
    if found is None:
        raise fail(f"no story {story!r} (unknown or ambiguous id)", EXIT_NOT_FOUND)
    if Opts.json or as_json:
        return _json(found)
    cov = found["coverage"]
    # the whole story first, then the story events most outlets covered
    rows = cov["rows"][:1] + sorted(cov["rows"][1:], key=lambda r: -r["outlets"])
    _table(
        "coverage (1 = covered)",
        ["story event", *cov["outlets"], "outlets"],
        [[cov["labels"].get(r["group"], r["group"]), *[r[o] for o in cov["outlets"]], r["outlets"]]
         for r in _cut(rows, limit)],
    )  # fmt: skip
    spots = [[o, len(groups)] for o, groups in sorted(cov["blind_spots"].items())]
    _table("blind spots (story events others covered)", ["outlet", "missed"], spots)
    framing = [
        [f["concept"], f["outlet"], ", ".join(f"{t} {n}" for t, n in f["terms"].items())]
        for f in found["framing"]
    ]
    _table("framing", ["concept", "outlet", "terms used"], framing)
    top: dict[str, list[str]] = {}
    for term in found["terms"]:
        top.setdefault(term["outlet"], []).append(f"{term['term']} ({term['z']:.1f})")
    per = limit or 8
    _table(
        "distinctive words (z)",
        ["outlet", "words"],
        [[o, ", ".join(w[:per])] for o, w in top.items()],
    )
