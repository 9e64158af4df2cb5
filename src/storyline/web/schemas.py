"""Response shapes of the HTTP API (they make the OpenAPI schema). Extraction records follow
`storyline.nlp.records`; fields a later component adds pass through (extra="allow")."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")
    start: int
    end: int
    text: str


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_source: str
    language: str | None
    kind: str
    url: str | None
    duplicate_of: str | None
    similarity: float | None
    lead: str = Field(description="The first 280 characters of the clean text.")
    snippet: str | None = Field(None, description="Search hits only: the matching passage.")
    snippet_matches: list[tuple[int, int]] | None = Field(
        None, description="Search hits only: [start, end) of each matched word in the snippet."
    )


class DocumentList(BaseModel):
    items: list[DocumentSummary]
    next: str | None = Field(description="Cursor for the next page; null on the last page.")
    total: int | None


class RemovedLine(BaseModel):
    line: str
    reason: str


class DocRef(BaseModel):
    id: str
    similarity: float | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class DocumentDetail(BaseModel):
    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None
    published_source: str
    published_confidence: float
    language: str | None
    text: str
    removed: list[RemovedLine]
    duplicate_of: str | None
    similarity: float | None
    original: DocRef | None = Field(description="The document this one copies, if any.")
    copies: list[DocRef] = Field(description="Exact and near copies of this document.")
    extractions: dict[str, list[dict[str, Any]]] = Field(
        description="mentions, timexes, events, figures and quotes, with character offsets "
        "into `text` (start, end, or evidence.start/end)."
    )


class Record(BaseModel):
    """Fields every extraction record in a list carries, besides its own."""

    model_config = ConfigDict(extra="allow")
    id: str
    doc: str
    doc_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    duplicate_of: str | None = None


class EventOut(Record):
    type: str | None = None
    subtype: str | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    trigger: str | None = None
    evidence: Evidence | None = None
    actor: str | None = None
    actor_key: str | None = None
    recipient: str | None = None
    recipient_key: str | None = None
    location: str | None = None
    date: str | None = None
    date_text: str | None = None
    status: str | None = None
    attributed_to: str | None = None
    negated: bool | None = None


class FigureOut(Record):
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    kind: str | None = None
    counted: str | None = None
    category: str | None = None
    evidence: Evidence | None = None
    sentence: Evidence | None = None
    unit: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    status: str | None = None


class QuoteOut(Record):
    text: str | None = None
    kind: str | None = None
    evidence: Evidence | None = None
    speaker: str | None = None
    speaker_actor: str | None = None
    cue: str | None = None
    addressee: str | None = None
    sentence: Evidence | None = None


class EventList(BaseModel):
    items: list[EventOut]
    next: str | None
    total: int | None


class FigureList(BaseModel):
    items: list[FigureOut]
    next: str | None
    total: int | None


class QuoteList(BaseModel):
    items: list[QuoteOut]
    next: str | None
    total: int | None


class SeriesPoint(BaseModel):
    date: str | None
    value: float | None
    low: float | None = None
    high: float | None = None
    id: str
    doc: str
    outlet: str | None = None
    evidence: Evidence | None = None


class FigureSeries(BaseModel):
    category: str
    points: list[SeriesPoint]


class ActorOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    type: str
    aliases: list[str]
    roles: list[dict[str, Any]]
    mentions: int


class ActorList(BaseModel):
    items: list[ActorOut]
    next: str | None
    total: int | None


class ActorDoc(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    mentions: int


class ActorProfile(ActorOut):
    documents: list[ActorDoc]
    events: list[EventOut]
    quotes: list[QuoteOut]


class OutletSeries(BaseModel):
    outlet: str
    total: int
    counts: list[int]


class Coverage(BaseModel):
    period: str
    periods: list[str]
    undated: int
    outlets: list[OutletSeries]


class OutletOut(BaseModel):
    outlet: str
    documents: int
    originals: int
    copies: int
    undated: int
    first_published: str | None
    last_published: str | None
    languages: list[str]
    extractions: dict[str, int]
    copied_from: dict[str, int]


class OutletComparison(BaseModel):
    outlets: list[OutletOut]
    coverage: Coverage


class StoryOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str | None = None


class StoryList(BaseModel):
    items: list[StoryOut]
    next: str | None
    total: int | None


class IngestError(BaseModel):
    source: str
    problem: str
    level: str


class IngestOut(BaseModel):
    seen: int
    added: int
    skipped: int
    duplicates: int
    failed: int
    errors: list[IngestError]


# -- stories (the story stage; fields it adds pass through) ---------------------------------


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class StorySummary(Loose):
    id: str
    title: str | None = None
    href: str = Field(description="The story's page.")
    first_date: str | None = None
    last_date: str | None = None
    n_documents: int | None = None
    n_events: int | None = None


class StoryPage(BaseModel):
    items: list[StorySummary]
    next: str | None = Field(description="Cursor for the next page; null on the last page.")
    total: int | None


class Support(Loose):
    doc: str | None = None
    event: str | None = None
    outlet: str | None = None
    published: str | None = None
    href: str | None = Field(None, description="The sentence on the article page.")


class Disagreement(Loose):
    field: str | None = None
    values: list[dict[str, Any]]
    values_total: int | None = Field(
        None, description="In a timeline: values in all (it lists 10)."
    )


class StoryEventOut(Loose):
    id: str
    story: str | None = None
    type: str | None = None
    subtype: str | None = None
    date: str | None = None
    status: str | None = None
    href: str = Field(description="The story event's page.")
    support: list[Support] = Field(description="Reports of it (a timeline lists the first 10).")
    support_total: int | None = Field(None, description="In a timeline: reports in all.")
    first_report: dict[str, Any] | None = None
    disagreements: list[Disagreement]
    outlets: list[str]


class StoryEventDetail(StoryEventOut):
    story_title: str | None = None


class Timeline(BaseModel):
    items: list[StoryEventOut]
    next: str | None
    total: int | None


class SeriesOut(Loose):
    id: str
    category: str | None = None
    points: list[dict[str, Any]] = Field(
        description="Reported values in date order, each with `href` to its sentence."
    )


class SeriesPage(BaseModel):
    items: list[SeriesOut]
    next: str | None
    total: int | None


class StoryOutlets(BaseModel):
    story: str
    labels: dict[str, str] = Field(description="Story event id -> its name (type, date).")
    coverage: Any = Field(None, description="Which outlet reported which events.")
    framing: Any = Field(None, description="Framing terms per outlet.")
    terms: list[dict[str, Any]] = Field(
        description="Distinctive terms per outlet: outlet, term, log_odds, z."
    )
