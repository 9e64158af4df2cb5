"""Run the extraction pipeline over documents: the per-document stage, safe to run in workers.

Input and output are plain picklable objects (`AnalysisInput` -> `DocAnalysis`), so a worker
process (multiprocessing or a Ray actor) loads the pipeline once and returns results; the
store is written by the caller alone.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.nlp.models import MODEL_PACKAGES, ModelUnavailable, pipeline_for, read_config
from storyline.packs import pack_dir
from storyline.types import AnalysisInput, DocAnalysis, Item

#: Texts longer than this are parsed in pieces cut at paragraph (or failing that, space)
#: boundaries: spaCy refuses texts over 1M characters, and a sentence-less megabyte would make
#: one enormous sentence. Real articles are far below it and are never cut.
CHUNK_CHARS = 20_000

#: Doc extension -> extraction kind stored for it.
KINDS = {
    "sl_timexes": "timex",
    "sl_mentions": "mention",
    "sl_actors": "actor",
    "sl_events": "event",
    "sl_figures": "figure",
    "sl_quotes": "quote",
}


#: Which source files and pack parts make up each component's behaviour (for its version).
COMPONENT_SOURCES = {
    "storyline_time": ("timex", None),
    "storyline_actors": ("actors", "actors"),
    "storyline_figures": ("figures", "figures"),
    "storyline_events": ("events", "events"),
    "storyline_quotes": ("quotes", None),
}


def component_versions(model: str | None = None, pack: str | None = None) -> dict[str, str]:
    """A short hash per component of its code, its pack data and its config, plus the model:
    a rerun re-analyses exactly when one of them changed."""
    config = read_config()
    nlp_dir = Path(__file__).resolve().parent
    folders = [pack_dir(pack or config["pack"]), pack_dir("plover")]  # domain packs extend plover
    versions = {"model": _model_version(model or config["model"]), "storyline": __version__}
    for name, (prefix, part) in COMPONENT_SOURCES.items():
        digest = hashlib.sha256(json.dumps(config.get("components", {}).get(name, {})).encode())
        for path in sorted(nlp_dir.glob(f"{prefix}*.py")):
            digest.update(path.read_bytes())
        for folder in folders if part else ():
            if (folder / f"{part}.yaml").is_file():
                digest.update((folder / f"{part}.yaml").read_bytes())
        versions[name] = digest.hexdigest()[:12]
    return versions


def _model_version(model: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    package = MODEL_PACKAGES.get(model, model).replace("_", "-")
    try:
        return f"{model}@{version(package)}"
    except PackageNotFoundError:
        return model


def analysis_version(model: str | None = None, pack: str | None = None) -> str:
    """One hash over every component's version: what `analyses.version` records."""
    blob = json.dumps(component_versions(model, pack), sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def analyse(inputs: Iterable[AnalysisInput], model: str | None = None, pack: str | None = None,
            version: str | None = None, batch_size: int = 16) -> Iterator[DocAnalysis]:  # fmt: skip
    """Analyses in input order; documents go through `nlp.pipe` in batches per language."""
    version = version or analysis_version(model, pack)
    batch: list[AnalysisInput] = []
    for item in inputs:
        batch.append(item)
        if len(batch) == batch_size:
            yield from analyse_batch(batch, model, pack, version)
            batch = []
    if batch:
        yield from analyse_batch(batch, model, pack, version)


def analyse_batch(batch: list[AnalysisInput], model: str | None = None, pack: str | None = None,
                  version: str | None = None) -> list[DocAnalysis]:  # fmt: skip
    """Entry point for worker processes: a list in, a list out. A document that crashes a
    component is retried alone and stored with status "error", so the batch goes on."""
    version = version or analysis_version(model, pack)
    try:
        return _analyse_batch(batch, model, pack, version)
    except Exception:  # one bad document must not sink its batch; find it by retrying singly
        return [_analyse_single(item, model, pack, version) for item in batch]


def _analyse_single(
    item: AnalysisInput, model: str | None, pack: str | None, version: str
) -> DocAnalysis:
    try:
        return _analyse_batch([item], model, pack, version)[0]
    except Exception as exc:
        note = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        return DocAnalysis(item.doc_id, version, None, "error", note)


def _analyse_batch(batch: list[AnalysisInput], model: str | None, pack: str | None,
                   version: str) -> list[DocAnalysis]:  # fmt: skip
    from storyline.nlp.doc_cache import remember_text
    from storyline.nlp.extensions import ensure_extensions

    ensure_extensions()
    done: dict[int, DocAnalysis] = {}
    groups: dict[int, tuple[Any, list[tuple[int, int, Any]]]] = {}
    for index, item in enumerate(batch):
        try:
            nlp = pipeline_for(item.language, model, pack)
        except ModelUnavailable as exc:
            done[index] = DocAnalysis(item.doc_id, version, None, "unsupported_language", str(exc))
            continue
        entries = groups.setdefault(id(nlp), (nlp, []))[1]
        for offset, chunk in chunks(item.text):
            doc = nlp.make_doc(chunk)
            remember_text(doc, chunk)
            doc._.sl_doc_date = item.published
            doc._.sl_doc_id = item.doc_id
            entries.append((index, offset, doc))
    items: dict[int, list[Item]] = {}
    models: dict[int, str] = {}
    for nlp, entries in groups.values():
        name = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
        counters: dict[int, dict[str, int]] = {}
        parsed = nlp.pipe(doc for _, _, doc in entries)
        for (index, offset, _), doc in zip(entries, parsed, strict=True):
            items.setdefault(index, []).extend(_items(doc, offset, counters.setdefault(index, {})))
            models[index] = name
    for index, item in enumerate(batch):
        if index not in done:
            found = tuple(items.get(index, ()))
            done[index] = DocAnalysis(item.doc_id, version, models.get(index), "ok", None, found)
    return [done[i] for i in range(len(batch))]


def _items(doc: Any, offset: int, counters: dict[str, int]) -> Iterator[Item]:
    for ext, kind in KINDS.items():
        for record in getattr(doc._, ext) or ():
            data = _shift(_plain(record), offset)
            start, end = _span(data)
            pos = counters.get(kind, 0)
            counters[kind] = pos + 1
            yield Item(kind, pos, start, end, _ENCODE(data))


#: `json.dumps(data, ensure_ascii=False, sort_keys=True)`, without building an encoder per record.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode

#: Immutable values that `deepcopy` returns as they are (exact types: subclasses are copied).
_ATOMS = frozenset({str, int, float, bool, type(None)})


def _plain(record: Any) -> Any:
    """`dataclasses.asdict(record)` for a record, anything else as it is."""
    return _as_data(record) if is_dataclass(record) and not isinstance(record, type) else record


def _as_data(value: Any) -> Any:
    """What `asdict` makes of a value, step for step, but without its `copy.deepcopy` of every
    string and number (they are immutable: the copy is the same object) or its `fields()` call
    per record: a document has a hundred records or more, and this ran for each of them."""
    if type(value) in _ATOMS:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _as_data(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return type(value)(*[_as_data(v) for v in value])
    if isinstance(value, list | tuple):
        return type(value)(_as_data(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_as_data(k), _as_data(v)) for k, v in value.items())
    return copy.deepcopy(value)


@lru_cache(maxsize=64)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _shift(data: Any, offset: int) -> Any:
    """Offsets of a chunk's records made relative to the whole text."""
    if not offset:
        return data
    if isinstance(data, dict):
        return {
            k: (v + offset if k in ("start", "end") and isinstance(v, int) else _shift(v, offset))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_shift(v, offset) for v in data]
    return data


def _span(data: dict[str, Any]) -> tuple[int, int]:
    source = data if "start" in data else data.get("evidence") or {}
    return int(source.get("start", -1)), int(source.get("end", -1))


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `size` characters, cut at paragraph or space boundaries."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start + size // 2, end)
            if cut < 0:
                found = [m.start() for m in re.finditer(r"\s", text[start + size // 2 : end])]
                cut = start + size // 2 + found[-1] if found else -1
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
