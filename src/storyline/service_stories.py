"""Stories on the service object (issue 6): build the story stage, read stories, timelines,
figure series, outlet comparison and content dates. Plain JSON-ready dicts and lists.

A story or story event may be named by its full id or a unique prefix; an unknown or
ambiguous reference gives None (the faces turn that into a clear error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from storyline.store import stories as db

if TYPE_CHECKING:
    from storyline.store.sqlite import Store
    from storyline.story.stage import StorySettings

Progress = Callable[[int], None]


class StoriesMixin:
    @property
    def store(self) -> Store:  # provided by Storyline
        raise NotImplementedError

    story_settings: StorySettings | None = None  # None: StorySettings() (env STORYLINE_EMBEDDER)

    def build_stories(self, progress: Progress | None = None, *, rebuild: bool = False,
                      workers: int = 1) -> dict[str, Any]:  # fmt: skip
        """Place new documents in stories and refresh the stories they joined. Idempotent;
        `rebuild` forgets the clustering and places every document again. Documents dated
        from their content are extracted again with that date, on `workers` processes."""
        from storyline.analysis import AnalysisSettings, reanalyse
        from storyline.story.stage import build

        def again(doc_ids: list[str]) -> None:
            reanalyse(self.store, doc_ids, AnalysisSettings(workers=workers))

        return build(self.store, self.story_settings, progress, rebuild, again)

    def pending_stories(self) -> int:
        """Documents not yet placed in a story."""
        return db.count_unassigned(self.store.conn)

    def stories(self) -> list[dict[str, Any]]:
        """Every story, the largest first."""
        return db.list_stories(self.store.conn)

    def story_id(self, ref: str) -> str | None:
        return db.find_id(self.store.conn, "stories", ref)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """A story with a summary of its events (date, type, status, outlets)."""
        found = self.story_id(story_id)
        story = db.get_json(self.store.conn, "stories", found) if found else None
        if story is None:
            return None
        keys = ("id", "date", "granularity", "type", "status", "outlets", "n_documents", "text")
        story["events"] = [
            {k: e.get(k) for k in keys}
            for e in db.story_rows(self.store.conn, "story_events", found)
        ]
        return story

    def timeline(self, story_id: str) -> list[dict[str, Any]] | None:
        """Story events ordered by date; None for an unknown story."""
        found = self.story_id(story_id)
        return None if found is None else db.story_rows(self.store.conn, "story_events", found)

    def story_event(self, event_id: str) -> dict[str, Any] | None:
        found = db.find_id(self.store.conn, "story_events", event_id)
        return db.get_json(self.store.conn, "story_events", found) if found else None

    def figure_series(self, story_id: str | None = None) -> list[dict[str, Any]] | None:
        """Figure series of one story (every story with None); None for an unknown story."""
        found = None
        if story_id is not None:
            found = self.story_id(story_id)
            if found is None:
                return None
        return db.story_rows(self.store.conn, "figure_series", found)

    def series_charts(self, series: list[dict[str, Any]]) -> dict[str, str]:
        """Series id -> an SVG line chart of it (each point's kind marked)."""
        from storyline.story.stage_views import chart

        return {item["id"]: chart(item) for item in series}

    def outlets(self, story_id: str) -> dict[str, Any] | None:
        """Coverage matrix and blind spots, framing and distinctive terms of one story."""
        story = self.story(story_id)
        if story is None:
            return None
        from storyline.story.stage_outlets import compare

        events = db.story_rows(self.store.conn, "story_events", story["id"])
        docs = db.doc_rows(self.store.conn, story["documents"])
        everyone = db.all_outlets(self.store.conn)
        result = compare(story, events, docs, everyone)
        result["terms"] = db.terms(self.store.conn, story["id"])
        return result

    def dating(self, doc_id: str) -> dict[str, Any] | None:
        """The date inferred from a document's content: date, window, confidence and clues."""
        doc = self.store.get(doc_id)
        if doc is None:
            return None
        guess = db.content_date(self.store.conn, doc.id)
        return None if guess is None else {"doc": doc.id, **guess}

    def story_exports(self) -> dict[str, list[dict[str, Any]]]:
        """The rows of stories.jsonl, story_events.jsonl, figure_series.jsonl, outlet_terms.jsonl."""
        from storyline.story.stage_outlets import export_rows

        conn = self.store.conn
        return export_rows(
            db.list_stories(conn), db.story_rows(conn, "story_events", None),
            db.story_rows(conn, "figure_series", None), db.terms(conn),
        )  # fmt: skip
