"""The evidence lines of an inferred date (`dating.infer_date`): what supports the day chosen,
in words a reader can check against the article."""

from __future__ import annotations

from datetime import date

from storyline.story.dating_clues import Clue, dates_known
from storyline.story.dating_counts import CountWindow, crossing
from storyline.story.dating_roles import RoleSpans


def explain(found: list[Clue], windows: list[CountWindow], best: date) -> list[str]:
    """What supports the chosen day, strongest first: known events it dates, running counts,
    known events it names, the latest full date named, how relative expressions read from it."""
    lines = []
    for clue in found:
        span = clue.at(best)
        if span is not None and clue.known and dates_known(clue, span):
            hit = next(k for k in clue.known if span[0] <= date.fromisoformat(k.date) <= span[1])
            lines.append(f"{clue.text!r} read from {best} is {hit.date}, when {hit.type}"
                         " happened according to a dated article")  # fmt: skip
    for w in windows:
        lines.append(f"{w.text!r} fits the running count after {w.after}"
                     + (f" and before {w.before}" if w.before else "")
                     + (f", about {crossing(w)}" if crossing(w) else ""))  # fmt: skip
    named = [c for c in found if c.event_days and min(c.event_days) <= best]
    lines += [f"names {c.text}, known on {', '.join(str(d) for d in c.event_days[-3:])}"
              for c in named[:3]]  # fmt: skip
    fixed = [c for c in found if c.span is not None and c.span[1] <= best]
    if fixed:
        latest = max(fixed, key=lambda c: c.span[1] if c.span else best)
        lines.append(f"latest date named: {latest.text!r} ({_show(latest.span)})")
    later = [c for c in found if c.span is not None and c.span[0] > best]
    lines += [f"named ahead: {c.text!r} ({_show(c.span)})" for c in later[:2]]
    relative = [c for c in found if c.relative and not c.known]
    lines += [f"{c.text!r} ({c.relative}) -> {_show(c.at(best))}" for c in relative[:5]]
    return lines


def _show(span: tuple[date, date] | None) -> str:
    if span is None:
        return "?"
    return span[0].isoformat() if span[0] == span[1] else f"{span[0]}..{span[1]}"


def role_lines(roles: list[RoleSpans], best: date) -> list[str]:
    """The offices named that were held on the day chosen, the shortest terms first: "the
    president-elect" says more than "the prime minister" of a long-serving one."""
    held = [r for r in roles if r.holds(best)]
    held.sort(key=lambda r: min(((b or date.max) - (a or date.min)).days for a, b in r.spans))
    return [r.describe() for r in held[:2]]
