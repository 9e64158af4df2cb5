"""A figure series drawn as a small SVG line chart: plain text, no plotting library.

Reports run left to right by report date; each point shows the interval its qualifier allows
as a bar, and its class as a marker (revisions orange squares, contradictions red triangles,
roundings grey diamonds). Every string from the data is escaped: labels and sources come from
the articles.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.story.series import Point, Series

MARGIN = {"left": 72, "right": 24, "top": 40, "bottom": 56}
STYLE = {  # kind -> (shape, colour)
    "first": ("circle", "#1f77b4"),
    "same": ("circle", "#1f77b4"),
    "update": ("circle", "#1f77b4"),
    "revision": ("square", "#ff7f0e"),
    "contradiction": ("triangle", "#d62728"),
    "rounding": ("diamond", "#7f7f7f"),
}
LEGEND = (("update", "report"), ("revision", "revision"), ("contradiction", "contradiction"),
          ("rounding", "rounding"))  # fmt: skip


def series_svg(series: Series, width: int = 640, height: int = 320) -> str:
    """The SVG document of one series (UTF-8 text, standalone)."""
    points = series.points
    plot = _Plot(points, width, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(series.label)}</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{MARGIN["left"]}" y="20" font-size="13" font-weight="bold">'
        f"{escape(series.label)}</text>",
        *plot.axes(),
    ]
    if len(points) > 1:
        path = " ".join(f"{plot.x(p):.1f},{plot.y(p.value):.1f}" for p in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>')
    for point in points:
        parts += plot.point(point)
    parts += _legend(height)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


class _Plot:
    """Scales from dates and values to pixels."""

    def __init__(self, points: list[Point], width: int, height: int) -> None:
        self.width, self.height = width, height
        days = [date.fromisoformat(p.report_date).toordinal() for p in points] or [0]
        self.first, self.last = min(days), max(days)
        lows = [p.low for p in points] or [0.0]
        highs = [p.high for p in points] or [1.0]
        top = max(highs) or 1.0
        bottom = min(lows)
        # Counts start at zero unless they all sit high above it (a toll of 40,000 to 46,000).
        self.bottom = 0.0 if bottom < 0.5 * top else bottom - 0.05 * (top - bottom)
        self.top = top + 0.05 * (top - self.bottom) if top > self.bottom else self.bottom + 1

    def x(self, point: Point) -> float:
        inner = self.width - MARGIN["left"] - MARGIN["right"]
        if self.last == self.first:
            return MARGIN["left"] + inner / 2
        day = date.fromisoformat(point.report_date).toordinal()
        return MARGIN["left"] + inner * (day - self.first) / (self.last - self.first)

    def y(self, value: float) -> float:
        inner = self.height - MARGIN["top"] - MARGIN["bottom"]
        return MARGIN["top"] + inner * (1 - (value - self.bottom) / (self.top - self.bottom))

    def axes(self) -> list[str]:
        left, right = MARGIN["left"], self.width - MARGIN["right"]
        base = self.height - MARGIN["bottom"]
        out = [
            f'<line x1="{left}" y1="{MARGIN["top"]}" x2="{left}" y2="{base}" stroke="#333"/>',
            f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#333"/>',
        ]
        for i in range(5):
            value = self.bottom + (self.top - self.bottom) * i / 4
            y = self.y(value)
            out.append(
                f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(value)}</text>'
            )
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#eee"/>')
        for ordinal, anchor, x in ((self.first, "start", left), (self.last, "end", right)):
            text = date.fromordinal(ordinal).isoformat() if ordinal else ""
            out.append(f'<text x="{x}" y="{base + 16}" text-anchor="{anchor}">{text}</text>')
        return out

    def point(self, point: Point) -> list[str]:
        x, y = self.x(point), self.y(point.value)
        shape, colour = STYLE.get(point.kind, STYLE["update"])
        tip = escape(f"{point.report_date}: {point.text or _number(point.value)} ({point.kind})"
                     f"{', per ' + point.source if point.source else ''}"
                     f"{', ' + point.outlet if point.outlet else ''}")  # fmt: skip
        out = []
        if point.high > point.low:
            out.append(f'<line x1="{x:.1f}" y1="{self.y(point.low):.1f}" x2="{x:.1f}" '
                       f'y2="{self.y(point.high):.1f}" stroke="{colour}" stroke-width="3" '
                       'opacity="0.4"/>')  # fmt: skip
        out.append(
            f'<g class="{point.kind}"><title>{tip}</title>{_marker(shape, x, y, colour)}</g>'
        )
        return out


def _marker(shape: str, x: float, y: float, colour: str, r: float = 5.0) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'


def _legend(height: int) -> list[str]:
    out = []
    x = MARGIN["left"]
    for kind, text in LEGEND:
        shape, colour = STYLE[kind]
        out.append(_marker(shape, x, height - 16, colour, 4.0))
        out.append(f'<text x="{x + 9}" y="{height - 12}">{escape(text)}</text>')
        x += 24 + 7 * len(text)
    return out


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"
