"""The `storyline_actors` spaCy component: who is in the story, under which names and roles.

Reads `doc.ents` (PERSON, ORG, GPE, NORP), the parse and the pack's `actors.yaml`; writes
    doc._.sl_mentions  list[Mention]: each name or role noun, with the key of its actor
    doc._.sl_actors    list[Actor]:   one per actor, with the aliases and roles this text gives

Within a document, "Benjamin Netanyahu", "Netanyahu", "Prime Minister Benjamin Netanyahu"
and "the Israeli prime minister" become one actor; across documents `ActorIndex` merges the
per-document actors (alias table, name similarity, type). Pronouns are not resolved.

Modules: names/acronyms/types (`actors_names`), the pack (`actors_pack`), offices
(`actors_roles`), candidate mentions (`actors_cands`), role phrases (`actors_rolenp`),
grouping (`actors_group`), the cross-document index (`actors_index`).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from storyline.nlp.actors_cands import build_matchers, collect_cands
from storyline.nlp.actors_group import Grouper
from storyline.nlp.actors_index import ActorIndex, merge_actors
from storyline.nlp.actors_pack import ActorPack, canonical_key, load_actor_pack
from storyline.nlp.actors_roles import pack_holdings
from storyline.nlp.doc_cache import parse_cache
from storyline.nlp.extensions import ensure_extensions

__all__ = ["ActorIndex", "ActorsComponent", "canonical_key", "make_actors", "merge_actors"]


class ActorsComponent:
    """Finds actor mentions and groups them; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "storyline_actors", pack: str | None = None):
        ensure_extensions()
        self.name = name
        self.pack: ActorPack = load_actor_pack(pack)
        self.matchers = build_matchers(nlp, self.pack)
        self.holdings = pack_holdings(self.pack)

    def __call__(self, doc: Doc) -> Doc:
        date = doc._.sl_doc_date
        with parse_cache(doc):
            cands = collect_cands(doc, self.pack, self.matchers)
            grouper = Grouper(doc, self.pack, self.holdings, date)
            grouper.group_names(cands)
            grouper.link_roles(cands)
            grouper.finalize_keys()
            doc._.sl_mentions = grouper.mentions()
            doc._.sl_actors = grouper.actors()
        return doc


@Language.factory(
    "storyline_actors",
    assigns=["doc._.sl_mentions", "doc._.sl_actors"],
    requires=["doc.ents", "token.dep"],
    default_config={"pack": "hostage-talks"},
)
def make_actors(nlp: Language, name: str, pack: str | None) -> Any:
    return ActorsComponent(nlp, name, pack)
