"""Cross-document story events (issue 6, parts 2 and 3): pure logic over event dicts.

Events extracted from the documents of one story merge into one story event when they have
the same type, overlapping actors (or no actors on one side) and compatible dates: both dated
to the day and at most DATE_SLACK days apart, or, when either is undated, reported within
REPORT_WINDOW days of the story event's dates and reports. Events are taken in report order,
so the first report of a story event is its first member.

Each story event becomes a timeline record: its date (the day most reports give), support
(document, event, outlet, publication date, evidence offsets), first report, disagreements on
date, status and actors, and the status path (proposed, agreed, occurred, extended, ended) in
lifecycle order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.story.dating_clues import actor_keys

DATE_SLACK = 1
REPORT_WINDOW = 3
#: The order of a story event's stages: reports come in any order (a late article still calls
#: the truce "proposed"), so the path lists the stages any report gave, in lifecycle order.
LIFECYCLE = ("proposed", "agreed", "occurred", "extended", "ended", "denied")
SCAN = 50
#: Granularities coarser than a day; finer ones ("2023-11-24T07:00") count as their day.
COARSE = frozenset({"week", "weekend", "month", "quarter", "half", "season", "year", "decade",
                    "century"})  # fmt: skip  # groups of a type looked at per event: the recent ones, so merging stays linear

#: Lifecycle stage of a report: its status, and for occurred events, what its type says.
_STATUS_STAGE = {"proposed": "proposed", "planned": "proposed", "conditional": "proposed",
                 "occurred": "occurred", "ongoing": "occurred", "claimed": "occurred",
                 "denied": "denied"}  # fmt: skip
_TYPE_STAGE = {"deal_reached": "agreed", "AGREE": "agreed", "proposal_accepted": "agreed",
               "truce_extension": "extended", "truce_end": "ended", "talks_suspended": "ended"}  # fmt: skip


@dataclass
class _Group:
    type: str
    members: list[dict[str, Any]] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    days: set[date] = field(default_factory=set)
    anchors: set[date] = field(default_factory=set)


def event_day(event: dict[str, Any]) -> date | None:
    value = event.get("date")
    if not value or event.get("date_granularity") in COARSE or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def report_day(event: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(event.get("_published") or "")[:10])
    except ValueError:
        return None


def merge(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Groups of events that are one story event, each in report order."""
    ordered = sorted(
        (e for e in events if not e.get("negated") and e.get("type")),
        key=lambda e: (str(e.get("_published") or "9999"), e.get("_seq", 0), e.get("_pos", 0)),
    )
    by_type: dict[str, list[_Group]] = {}
    for event in ordered:
        groups = by_type.setdefault(str(event["type"]), [])
        group = next((g for g in reversed(groups[-SCAN:]) if _fits(g, event)), None)
        if group is None:
            group = _Group(str(event["type"]))
            groups.append(group)
        _join(group, event)
    out = [g.members for groups in by_type.values() for g in groups]
    return sorted(out, key=lambda m: (str(m[0].get("_published") or "9999"), m[0]["id"]))


def _fits(group: _Group, event: dict[str, Any]) -> bool:
    actors = actor_keys(event.get("actor"), event.get("recipient"))
    if actors and group.actors and not actors & group.actors:
        return False
    day = event_day(event)
    if day is not None and group.days:
        return min(abs((day - d).days) for d in group.days) <= DATE_SLACK
    anchor = day or report_day(event)
    if anchor is None or not group.anchors:
        return bool(actors & group.actors)  # undated on both sides: only the same participants
    return min(abs((anchor - d).days) for d in group.anchors) <= REPORT_WINDOW


def _join(group: _Group, event: dict[str, Any]) -> None:
    group.members.append(event)
    group.actors |= actor_keys(event.get("actor"), event.get("recipient"))
    day = event_day(event)
    if day is not None:
        group.days.add(day)
    anchor = day or report_day(event)
    if anchor is not None:
        group.anchors.add(anchor)


# --- timeline records ------------------------------------------------------------------------


def stage(event: dict[str, Any]) -> str:
    status = _STATUS_STAGE.get(str(event.get("status") or "occurred"), "occurred")
    if status == "occurred":
        return _TYPE_STAGE.get(str(event.get("type")), "occurred")
    return status


def record(story_id: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    """The timeline record of one story event (members in report order)."""
    first = members[0]
    dated = [(e["date"][:10], e) for e in members if event_day(e) is not None]
    day_counts = Counter(d for d, _ in dated)
    when = min(day_counts, key=lambda d: (-day_counts[d], d)) if day_counts else None
    coarse = [e for e in members if e.get("date")] if when is None else []
    reached = {stage(e) for e in members}
    path = [s for s in LIFECYCLE if s in reached]
    actors = sorted({str(e[k]) for e in members for k in ("actor", "recipient") if e.get(k)})
    return {
        "id": "se-" + hashlib.sha1(f"{story_id}|{first['id']}".encode()).hexdigest()[:12],
        "story": story_id,
        "type": first["type"],
        "subtype": first.get("subtype"),
        "plover_type": first.get("plover_type"),
        "date": when or (coarse[0]["date"] if coarse else None),
        "granularity": "day" if when else (coarse[0].get("date_granularity") if coarse else None),
        "status": path[-1],
        "status_path": path,
        "actors": actors,
        "support": [_support(e) for e in members],
        "first_report": {
            "doc": first["doc"],
            "outlet": first.get("_outlet"),
            "published": first.get("_published"),
        },  # fmt: skip
        "disagreements": disagreements(members),
        "outlets": sorted({str(e["_outlet"]) for e in members if e.get("_outlet")}),
        "n_documents": len({e["doc"] for e in members}),
        "text": (first.get("evidence") or {}).get("text"),
    }


def _support(event: dict[str, Any]) -> dict[str, Any]:
    evidence = event.get("evidence") or {}
    sentence = event.get("sentence") or evidence
    return {
        "doc": event["doc"], "event": event["id"], "outlet": event.get("_outlet"),
        "published": event.get("_published"), "date": event.get("date"),
        "status": event.get("status"),
        "sentence": {"start": sentence.get("start"), "end": sentence.get("end")},
        "evidence": {"start": evidence.get("start"), "end": evidence.get("end")},
    }  # fmt: skip


def disagreements(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields on which reports differ: each distinct value with the first report giving it."""
    out = []
    for name, value_of in (
        ("date", lambda e: e["date"][:10] if event_day(e) else None),
        ("status", lambda e: e.get("status")),
        ("actor", lambda e: e.get("actor")),
        ("recipient", lambda e: e.get("recipient")),
    ):
        values: dict[str, dict[str, Any]] = {}
        for event in members:
            value = value_of(event)
            if value is not None and str(value) not in values:
                values[str(value)] = {"value": value, "doc": event["doc"],
                                      "outlet": event.get("_outlet")}  # fmt: skip
        if len(values) > 1:
            out.append({"field": name, "values": list(values.values())})
    return out


def timeline(story_id: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Story events of one story ordered by date (undated ones by their first report)."""
    records = [record(story_id, members) for members in merge(events)]
    return sorted(records, key=_order)


def _order(rec: dict[str, Any]) -> tuple[str, str, str]:
    when = rec["date"] or rec["first_report"]["published"] or "9999"
    return (str(when)[:10], str(rec["first_report"]["published"] or "9999"), rec["id"])
