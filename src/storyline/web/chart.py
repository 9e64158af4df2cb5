"""A figure series as an inline SVG line chart, drawn on the server: no script runs (the CSP
allows none inline), and each point is a link to its sentence on the article page.

The story stage has its own standalone renderer (story/series_svg.py, for files); the web
draws from the service's plain dicts instead, because its points must be links and its
colours follow the page's light or dark scheme (CSS classes, no inline style). Every string
from the data is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
SHAPES = {"revision": "square", "contradiction": "triangle", "rounding": "diamond"}


def _day(point: dict[str, Any]) -> int | None:
    for key in ("report_date", "as_of", "published", "date"):
        value = point.get(key)
        if isinstance(value, str) and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10]).toordinal()
            except ValueError:
                continue
    return None


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"


def plottable(series: dict[str, Any]) -> list[tuple[int, float, dict[str, Any]]]:
    """(day, value, point) of the points with a date and a number, in date order."""
    out = []
    for p in series.get("points") or []:
        day, value = _day(p), p.get("value")
        if day is not None and isinstance(value, int | float) and not isinstance(value, bool):
            out.append((day, float(value), p))
    return sorted(out, key=lambda t: t[0])


def series_svg(series: dict[str, Any], label: str, most: int = 300) -> Markup:
    """The chart; a series longer than `most` points is drawn from an even sample of them
    (the table beside it, and the API, have every point)."""
    points = plottable(series)
    if len(points) > most:
        points = [points[i * (len(points) - 1) // (most - 1)] for i in range(most)]
    if not points:
        return Markup("")
    days = [d for d, _, _ in points]
    values = [v for _, v, _ in points]
    first, last = min(days), max(days)
    top = max(values) or 1.0
    bottom = 0.0 if min(values) >= 0 else min(values)
    top = top + 0.05 * (top - bottom) if top > bottom else bottom + 1

    def x(day: int) -> float:
        inner = WIDTH - LEFT - RIGHT
        return LEFT + (inner / 2 if last == first else inner * (day - first) / (last - first))

    def y(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - bottom) / (top - bottom))

    base = HEIGHT - BOTTOM
    parts = [
        f'<svg class="series-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>',
    ]
    for i in range(5):
        value = bottom + (top - bottom) * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" '
                     f'y2="{y(value):.1f}"/><text class="tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}"'
                     f' text-anchor="end">{_number(value)}</text>')  # fmt: skip
    for day, anchor, at in ((first, "start", LEFT), (last, "end", WIDTH - RIGHT)):
        parts.append(f'<text class="tick" x="{at}" y="{base + 18}" text-anchor="{anchor}">'
                     f"{date.fromordinal(day).isoformat()}</text>")  # fmt: skip
    if len(points) > 1:
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v, _ in points)
        parts.append(f'<polyline class="line" points="{line}"/>')
    parts += [_point(x(d), y(v), d, p) for d, v, p in points]
    parts.append("</svg>")
    return Markup("".join(parts))


def _point(cx: float, cy: float, day: int, point: dict[str, Any]) -> str:
    kind = str(point.get("kind") or "update")
    tip = f"{date.fromordinal(day).isoformat()}: {_number(float(point['value']))}"
    tip += f" ({kind})" + (f", {point['outlet']}" if point.get("outlet") else "")
    shape = SHAPES.get(kind, "circle")
    r = 5.0
    if shape == "square":
        mark = f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r}" height="{2 * r}"/>'
    elif shape == "triangle":
        mark = f'<polygon points="{cx:.1f},{cy - r - 1:.1f} {cx - r - 1:.1f},{cy + r:.1f} {cx + r + 1:.1f},{cy + r:.1f}"/>'
    elif shape == "diamond":
        mark = f'<polygon points="{cx:.1f},{cy - r - 1:.1f} {cx + r + 1:.1f},{cy:.1f} {cx:.1f},{cy + r + 1:.1f} {cx - r - 1:.1f},{cy:.1f}"/>'
    else:
        mark = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}"/>'
    body = f'<g class="pt pt-{escape(kind)}"><title>{escape(tip)}</title>{mark}</g>'
    href = point.get("href")
    return f'<a href="{escape(href)}">{body}</a>' if isinstance(href, str) else body


def sparkline(dates: list[str], width: int = 192, height: int = 26) -> Markup:
    """Documents per day from the first date to the last, as thin bars (decoration: the
    numbers are in the text beside it)."""
    days = sorted(_day({"date": d}) or 0 for d in dates if isinstance(d, str) and len(d) >= 10)
    days = [d for d in days if d]
    if not days:
        return Markup("")
    span = days[-1] - days[0] + 1
    buckets = min(span, 48)
    counts = [0] * buckets
    for day in days:
        counts[(day - days[0]) * buckets // span] += 1
    top, step = max(counts), width / max(buckets, 24)  # a short story stays short
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - height * n / top:.1f}" '
        f'width="{max(step - 1, 1):.1f}" height="{height * n / top:.1f}"/>'
        for i, n in enumerate(counts)
        if n
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" focusable="false">{bars}</svg>'
    )
