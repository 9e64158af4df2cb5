"""Per-story summaries for the story stage: outlet names, the story record, figure series and
distinctive terms, as plain JSON-ready dicts. Pure functions over document and figure dicts.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from storyline.story.outlets import distinctive_terms, normalise_outlet
from storyline.story.series import Point, Series, build_series, series_svg
from storyline.story.series_scope import Scope

TOP_TERMS = 15
#: Byline tails that name a desk of the outlet, not another outlet: "TEHRAN HORIZON NEWS
#: DESK" is Tehran Horizon.
_DESK = re.compile(r"(?: (?:news|foreign|world|online))? (?:desk|staff|newsroom|bureau|editors?)$")


def outlet_key(name: str) -> str:
    return _DESK.sub("", normalise_outlet(name)).strip()


def outlet_names(names: Iterable[str | None]) -> dict[str, str]:
    """Each spelling -> one display name per outlet: its most used spelling (ties: the one
    with most capitals in proper case, then the shortest), so spellings count as one outlet."""
    spellings = Counter(n for n in names if n)
    groups: dict[str, list[str]] = {}
    for name in spellings:
        groups.setdefault(outlet_key(name) or name, []).append(name)
    out = {}
    for members in groups.values():
        best = min(members, key=lambda n: (-spellings[n], n.isupper(), len(n), n))
        out.update(dict.fromkeys(members, best))
    return out


def story_record(story_id: str, docs: list[dict[str, Any]], n_events: int) -> dict[str, Any]:
    """{id, title, documents, outlets, first_date, last_date, n_documents, n_events}."""
    dates = sorted(str(d["published"])[:10] for d in docs if d.get("published"))
    originals = [d for d in docs if not d.get("duplicate_of") and d.get("title")]
    titled = sorted(originals or docs, key=lambda d: (str(d.get("published") or "9999"), d["seq"]))
    return {
        "id": story_id,
        "title": (titled[0].get("title") if titled else None) or story_id,
        "documents": [d["id"] for d in docs],
        "outlets": sorted({d["outlet"] for d in docs if d.get("outlet")}, key=str.casefold),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "n_documents": len(docs),
        "n_events": n_events,
    }


def story_series(story_id: str, figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figure series of one story's figures, with each point's kind and evidence offsets."""
    by_id = {f["id"]: f for f in figures}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for series in build_series(figures):
        key = f"{story_id}|{series.label}"
        while key in seen:
            key += "+"
        seen.add(key)
        out.append({
            "id": "fs-" + hashlib.sha1(key.encode()).hexdigest()[:12],
            "story": story_id,
            "label": series.label,
            "category": series.category,
            "counted": series.scope.counted,
            "scope": {"place": series.scope.place, "moment": series.scope.moment},
            "counts": {k: n for k, n in series.counts().items() if n},
            "points": [_point(p.__dict__, by_id.get(p.figure, {})) for p in series.points],
        })  # fmt: skip
    return out


def _point(point: Mapping[str, Any], figure: Mapping[str, Any]) -> dict[str, Any]:
    evidence = figure.get("evidence") or {}
    return {
        "value": point["value"], "low": point["low"], "high": point["high"],
        "qualifier": point["qualifier"], "as_of": point["report_date"],
        "published": point["published"], "doc": point["doc"], "outlet": point["outlet"],
        "attributed_to": point["source"], "kind": point["kind"], "against": point["against"],
        "figure": point["figure"], "text": point["text"],
        "evidence": {"start": evidence.get("start"), "end": evidence.get("end")},
    }  # fmt: skip


def story_terms(story_id: str, texts_by_outlet: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Each outlet's most distinctive words in the story (needs two outlets to compare)."""
    if len(texts_by_outlet) < 2:
        return []
    found = distinctive_terms(texts_by_outlet, top=TOP_TERMS)
    return [
        {"story": story_id, "outlet": t.outlet, "term": t.term,
         "log_odds": round(t.log_odds, 4), "z": round(t.z, 4), "uses": t.uses}
        for t in found
    ]  # fmt: skip


def chart(stored: Mapping[str, Any]) -> str:
    """A stored series (as `story_series` gives it) drawn as an SVG chart."""
    scope = Scope(stored["category"], stored["counted"], stored["scope"]["place"],
                  stored["scope"]["moment"])  # fmt: skip
    points = [
        Point(
            p["figure"],
            p["doc"],
            p["outlet"],
            p["published"],
            p["as_of"],
            p["value"],
            p["low"],
            p["high"],
            p["qualifier"],
            p["attributed_to"],
            p["text"],
            p["kind"],
            p["against"],
        )  # fmt: skip
        for p in stored["points"]
    ]
    return series_svg(Series(scope, stored["label"], points))
