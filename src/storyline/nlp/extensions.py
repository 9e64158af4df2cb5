"""The Doc extensions our components read and write. Registered once, explicitly.

Inputs (set by the caller before the pipeline runs):
    doc._.sl_doc_date   "YYYY-MM-DD" or None: the publication date relative times resolve against
    doc._.sl_doc_id     the document id, for provenance
Outputs (lists of records from `records.py`, in text order):
    doc._.sl_timexes    storyline_time
    doc._.sl_mentions, doc._.sl_actors   storyline_actors
    doc._.sl_figures    storyline_figures
    doc._.sl_events     storyline_events
    doc._.sl_quotes     storyline_quotes
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS: dict[str, object] = {
    "sl_doc_date": None,
    "sl_doc_id": None,
    "sl_timexes": None,
    "sl_mentions": None,
    "sl_actors": None,
    "sl_figures": None,
    "sl_events": None,
    "sl_quotes": None,
}


def ensure_extensions() -> None:
    """Idempotent: safe to call from every component constructor."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
