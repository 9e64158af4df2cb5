"""Figure records of a running death toll, as the store gives them, for the dating tests."""

from __future__ import annotations

from typing import Any


def toll(doc: str, published: str | None, value: float) -> dict[str, Any]:
    text = f"The health ministry in Gaza says more than {value:,.0f} people have been killed."
    start = text.index("more")
    return {"id": f"f-{doc}", "doc": doc, "value": value, "low": value, "high": None,
            "qualifier": "more_than", "kind": "count", "counted": "people",
            "category": "killed", "as_of": published, "attributed_to": "The health ministry",
            "status": "reported", "evidence": {"start": start, "end": start + 10, "text": "more than"},
            "sentence": {"start": 0, "end": len(text), "text": text},
            "_published": published, "_outlet": "Wire", "_duplicate_of": None}  # fmt: skip
