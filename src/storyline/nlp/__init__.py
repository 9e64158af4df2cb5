"""Extraction: spaCy components that find actors, time expressions, events, figures and quotes.

Each component is a registered spaCy factory (`storyline_time`, `storyline_actors`,
`storyline_figures`, `storyline_events`, `storyline_quotes`) that reads and writes Doc
extensions declared in `extensions.py`, so it works in anyone's pipeline via `nlp.add_pipe`.
Every item it writes carries character offsets into `doc.text` (its evidence).
Importing this package loads no model: `models.load_pipeline()` does, once per process.
"""
