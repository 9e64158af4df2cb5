"""Stated publication dates in the forms headers and feeds use, parsed to `YYYY-MM-DD`.

Only dates that are written down are parsed; nothing here guesses a date from the content.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y",
    "%a, %d %b %Y", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%B %d %Y", "%d %B, %Y", "%A, %d %B %Y",
)  # fmt: skip
_FRENCH_MONTHS = {
    "janvier": "January", "février": "February", "fevrier": "February", "mars": "March",
    "avril": "April", "mai": "May", "juin": "June", "juillet": "July", "août": "August",
    "aout": "August", "septembre": "September", "octobre": "October", "novembre": "November",
    "décembre": "December", "decembre": "December",
}  # fmt: skip


def parse_stated_date(value: object) -> str | None:
    """`YYYY-MM-DD` for ISO strings, RFC 822, `November 28, 2023` and the like; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO.match(value)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    text = re.sub(r"\s+", " ", value.strip())
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(
        r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?|GMT|UTC|[+-]\d{4}).*$", "", text
    )
    for french, english in _FRENCH_MONTHS.items():
        text = re.sub(rf"\b{french}\b", english, text, flags=re.I)
    text = re.sub(r"^(?:le |on |published:? |updated:? )", "", text, flags=re.I).strip(" ,")
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
