"""Registration of our spaCy factories, done explicitly (not as an import side effect elsewhere).

Importing a component module runs its `@Language.factory` decorator; `register_factories()`
imports them all. The same modules are named as `spacy_factories` entry points in pyproject,
so `nlp.add_pipe("storyline_time")` also works in anyone's spaCy pipeline.
"""

from __future__ import annotations

import importlib

COMPONENT_MODULES = {
    "storyline_time": "storyline.nlp.timex",
    "storyline_actors": "storyline.nlp.actors",
    "storyline_figures": "storyline.nlp.figures",
    "storyline_events": "storyline.nlp.events",
    "storyline_quotes": "storyline.nlp.quotes",
}


def register_factories() -> None:
    for module in COMPONENT_MODULES.values():
        importlib.import_module(module)
