"""Outlet comparison of one stored story, and the story export rows. Pure functions.

Coverage is read at request time, not stored: a new outlet in the store changes every
story's blind spots, and the matrix is cheap to rebuild from the stored story events.
"""

from __future__ import annotations

from typing import Any

from storyline.story.outlets import coverage, framing, framing_shares, load_lexicon
from storyline.story.stage_views import outlet_names

MIN_OUTLETS = 2


def lexicon(pack: str | None = None) -> dict[str, dict[str, list[str]]]:
    from storyline.packs import DEFAULT_PACK, pack_dir

    path = pack_dir(pack or DEFAULT_PACK) / "framing.yaml"
    return load_lexicon(path) if path.is_file() else {}


def compare(story: dict[str, Any], events: list[dict[str, Any]], docs: list[dict[str, Any]],
            everyone: list[str], pack: str | None = None) -> dict[str, Any]:  # fmt: skip
    names = outlet_names([*everyone, *(d.get("outlet") for d in docs)])
    outlets = sorted(set(names.values()), key=str.casefold)
    groups: dict[str, list[str | None]] = {story["id"]: [d.get("outlet") for d in docs]}
    for event in events:
        groups[event["id"]] = [s.get("outlet") for s in event["support"]]
    groups = {g: [names.get(o or "", o) for o in found] for g, found in groups.items()}
    cov = coverage(groups, outlets, min_outlets=MIN_OUTLETS)
    texts: dict[str, list[str]] = {}
    for doc in docs:
        if not doc.get("duplicate_of"):
            texts.setdefault(names.get(doc.get("outlet") or "", "unknown outlet"), []).append(
                doc["text"]
            )
    lex = lexicon(pack)
    counts = framing(texts, lex)
    shares = framing_shares(counts, lex)
    return {
        "story": story["id"],
        "coverage": {
            "outlets": cov.outlets,
            "rows": cov.as_rows(),
            "blind_spots": cov.blind_spots,
            "exclusives": cov.exclusives,
            "unknown_outlet_documents": sum(1 for d in docs if not d.get("outlet")),
            "labels": {story["id"]: "whole story"}
            | {e["id"]: f"{e['date'] or '?'} {e['type']}" for e in events},
        },
        "framing": [
            {
                "concept": concept,
                "outlet": outlet,
                "terms": dict(terms),
                "shares": {k: round(v, 3) for k, v in shares[concept][outlet].items()},
            }
            for concept, by_outlet in counts.items()
            for outlet, terms in by_outlet.items()
            if terms
        ],  # fmt: skip
    }


def export_rows(stories: list[dict[str, Any]], events: list[dict[str, Any]],
                series: list[dict[str, Any]], terms: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    """Rows with the fields issue 6 names for each export file."""
    story_keys = ("id", "title", "documents", "outlets", "first_date", "last_date")
    event_keys = ("id", "story", "type", "subtype", "date", "granularity", "status",
                  "status_path", "actors", "first_report", "disagreements")  # fmt: skip
    point_keys = ("value", "qualifier", "as_of", "doc", "outlet", "attributed_to", "kind")
    return {
        "stories": [{k: s.get(k) for k in story_keys} for s in stories],
        "story_events": [
            {
                **{k: e.get(k) for k in event_keys},
                "support": [
                    {k: p.get(k) for k in ("doc", "event", "outlet")} for p in e["support"]
                ],
            }
            for e in events
        ],  # fmt: skip
        "figure_series": [
            {
                "id": s["id"],
                "story": s["story"],
                "category": s["category"],
                "counted": s["counted"],
                "scope": s["scope"],
                "label": s["label"],
                "points": [{k: p.get(k) for k in point_keys} for p in s["points"]],
            }
            for s in series
        ],  # fmt: skip
        "outlet_terms": [
            {k: t[k] for k in ("story", "outlet", "term", "log_odds", "z")} for t in terms
        ],
    }
