"""`Storyline`: the one service object. The CLI, the Python API (and later the HTTP API and the
web app) are thin faces over these methods; none of them touches the store directly.

    >>> from storyline import Storyline
    >>> sl = Storyline("storyline.db")
    >>> report = sl.ingest(["examples/demo"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from storyline import extractions_view as view
from storyline import pipeline
from storyline.analysis import (
    AnalysisReport,
    AnalysisSettings,
    analyse_store,
    check_model,
    count_pending,
    rebuild_actors,
)
from storyline.export import FORMATS as EXPORT_FORMATS
from storyline.export import export_documents, export_rows
from storyline.ingest.sources import count_inputs
from storyline.service_queries import QueryMixin
from storyline.service_stories import StoriesMixin
from storyline.store.queries import SearchHit
from storyline.store.sqlite import DEFAULT_DB, Store
from storyline.types import IngestReport, InputError, InputItem, StoredDocument

Progress = Callable[[int], None]
__all__ = [
    "DEFAULT_DB", "EXPORT_FORMATS", "AnalysisReport", "AnalysisSettings", "Storyline", "count_inputs",
]  # fmt: skip


class Storyline(StoriesMixin, QueryMixin):
    def __init__(self, db: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.db = Path(db)
        self._readonly = readonly
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db, readonly=self._readonly)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.close()

    # -- ingest and analysis ----------------------------------------------------------------

    def ingest(self, paths: Iterable[str], *, workers: int = 1, progress: Progress | None = None,
               on_error: Callable[[InputError], None] | None = None) -> IngestReport:  # fmt: skip
        """Read files, directories, globs or `-` (stdin); store clean, dated, deduplicated documents."""
        return self.ingest_items(pipeline.read_inputs(paths), workers=workers, progress=progress,
                                 on_error=on_error, command="ingest")  # fmt: skip

    def ingest_items(self, items: Iterable[InputItem | InputError], *, workers: int = 1,
                     progress: Progress | None = None,
                     on_error: Callable[[InputError], None] | None = None,
                     command: str = "ingest") -> IngestReport:  # fmt: skip
        run_id = self.store.start_run(command)
        status = "interrupted"
        try:
            report = pipeline.ingest(self.store, items, workers=workers, progress=progress,
                                     on_error=on_error)  # fmt: skip
            status = "ok" if not report.failed else "partial"
            return report
        finally:
            counts = report.as_dict() if status != "interrupted" else {}
            counts.pop("errors", None)
            self.store.finish_run(run_id, status, counts)

    def run(self, paths: Iterable[str], *, analysis: AnalysisSettings | None = None,
            analysis_progress: Progress | None = None, stories: bool = True,
            **kwargs: Any) -> tuple[IngestReport, AnalysisReport]:  # fmt: skip
        """Ingest, then every analysis stage: extraction, then stories (unless `stories=False`)."""
        report = self.ingest(paths, **kwargs)
        analysis_report = self.analyze(analysis or AnalysisSettings(), analysis_progress)
        if stories:
            self.build_stories(workers=(analysis or AnalysisSettings()).workers)
        return report, analysis_report

    def analyze(self, settings: AnalysisSettings | None = None,
                progress: Progress | None = None) -> AnalysisReport:  # fmt: skip
        """Extract actors, time, events, figures and quotes from documents not yet analysed by
        the current pipeline version (all of them with `force`). Idempotent."""
        settings = settings or AnalysisSettings()
        check_model(settings.model)
        report = analyse_store(self.store, settings, progress)
        rebuild_actors(self.store, settings.pack)
        return report

    def pending_analysis(self, settings: AnalysisSettings | None = None) -> int:
        return count_pending(self.store, settings or AnalysisSettings())

    def fetch(self, urls: Iterable[str], *, feed: str | None = None,
              progress: Progress | None = None,
              on_error: Callable[[InputError], None] | None = None,
              **settings: Any) -> IngestReport:  # fmt: skip
        """Download pages politely (robots.txt, rate limit) and ingest their raw HTML."""
        from storyline.ingest.http import Fetcher, FetchSettings

        with Fetcher(FetchSettings(**settings)) as fetcher:
            entries = fetcher.feed_entries(feed) if feed else {}
            targets = list(dict.fromkeys([*urls, *entries]))
            items = _fetched_items(fetcher.fetch_many(targets), entries)
            return self.ingest_items(items, progress=progress, on_error=on_error, command="fetch")

    # -- reads ------------------------------------------------------------------------------

    def document(self, ref: str) -> StoredDocument | None:
        return self.store.get(ref)

    def documents(self, include_duplicates: bool = True) -> Iterator[StoredDocument]:
        return self.store.iter_documents(include_duplicates)

    def raw(self, doc_id: str) -> bytes | None:
        """The input record exactly as it was read."""
        return self.store.raw(doc_id)

    def copies(self, doc_id: str) -> list[tuple[str, float]]:
        return self.store.copies(doc_id)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.store.search(query, limit)

    def stats(self) -> dict[str, object]:
        return self.store.stats()

    def errors(self) -> list[dict[str, str]]:
        return self.store.errors()

    # -- extraction results -----------------------------------------------------------------

    def actors(self) -> list[dict[str, Any]]:
        return view.actors(self.store)

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        return list(view.items(self.store, "mentions", doc_id))

    def events(self, type_: str | None = None, actor: str | None = None, date_from: str | None = None,
               date_to: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
        return view.events(self.store, type_, actor, date_from, date_to)

    def figures(self, category: str | None = None) -> list[dict[str, Any]]:
        return [
            f for f in view.items(self.store, "figures") if category in (None, f.get("category"))
        ]

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        found = view.items(self.store, "quotes")
        needle = (speaker or "").lower()
        return [
            q for q in found if needle in f"{q.get('speaker')} {q.get('speaker_actor')}".lower()
        ]

    def extractions(self, doc_id: str) -> dict[str, list[dict[str, Any]]]:
        """Everything extracted from one document, by kind, for `show` and the article page."""
        kinds = ("mentions", "timexes", "events", "figures", "quotes")
        links = view.actor_links(self.store, doc_id)
        return {kind: list(view.items(self.store, kind, doc_id, links)) for kind in kinds}

    def export(self, out_dir: str | Path, fmt: str = "jsonl",
               progress: Progress | None = None) -> tuple[Path, int]:  # fmt: skip
        """Write documents.<fmt> (and, for jsonl, the extraction files beside it) into out_dir."""
        if fmt == "plover":
            return export_rows(
                Path(out_dir) / "events.plover.jsonl", map(view.plover_row, self.events())
            )
        result = export_documents(self.documents(), Path(out_dir), fmt, progress)
        if fmt == "jsonl":
            export_rows(Path(out_dir) / "actors.jsonl", self.actors())
            for kind in ("mentions", "events", "figures", "quotes"):
                rows = (view.export_row(kind, item) for item in view.items(self.store, kind))
                export_rows(Path(out_dir) / f"{kind}.jsonl", rows)
            for name, story_rows in self.story_exports().items():
                export_rows(Path(out_dir) / f"{name}.jsonl", story_rows)
        return result


def _fetched_items(
    results: Iterable[Any], feed_days: dict[str, str | None]
) -> Iterator[InputItem | InputError]:
    """Fetched pages as inputs, with when they were fetched (an upper bound on an undated
    page's date) and the date their feed entry gave, stated as a feed file's entries are."""
    for result in results:
        if result.error or not result.content:
            yield InputError(result.url, result.error or "empty response")
            continue
        meta = {"captured": result.fetched_at}
        if feed_days.get(result.url):
            meta["published"] = feed_days[result.url]
        yield InputItem(result.final_url or result.url, result.content, ".html", meta=meta)
