"""Across documents: merge the per-document `Actor` records into canonical actors.

`ActorIndex.add(actor, doc_id)` returns the canonical key the actor is filed under; the
store layer maps each document's mention keys through it. Evidence, strongest first:
the pack (a pack key, or a pack name or alias), an alias already filed, then name
similarity between actors of compatible types. For people the token-set ratio (so "Fidan"
finds "Hakan Fidan") guarded by the same surname and a compatible given name, so "Yahya
Sinwar" and "Mohammed Sinwar" stay apart and a bare "Sinwar" joins neither while both are
filed. For everything else the ratio of whole names, so "India" never joins "Air India".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from storyline.nlp.actors_names import (
    is_acronym,
    is_suffix,
    name_ratio,
    name_tokens,
    normalize_name,
    token_set_ratio,
    types_compatible,
)
from storyline.nlp.actors_pack import ActorPack, canonical_key, resolve_pack
from storyline.nlp.records import Actor, Evidence, Role, to_dict
from storyline.packs import DEFAULT_PACK


@dataclass
class _Entry:
    key: str
    fixed_name: str | None = None  # the pack's name, when the actor is the pack's
    fixed_type: str | None = None
    names: list[str] = field(default_factory=list)
    types: Counter[str] = field(default_factory=Counter)
    roles: dict[tuple[str, str | None], Role] = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)

    def merge(self, actor: Actor, doc_id: str) -> None:
        for name in (actor.name, *actor.aliases):
            if name not in self.names:
                self.names.append(name)
        self.types[actor.type] += 1
        for role in actor.roles:
            self.roles.setdefault((role.role, role.as_of), role)
        if doc_id not in self.docs:
            self.docs.append(doc_id)

    @property
    def name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        full = [n for n in self.names if not is_acronym(n) and n != n.lower()] or self.names
        return max(full, key=lambda n: (len(name_tokens(n)), -self.names.index(n)))

    @property
    def type(self) -> str:
        if self.fixed_type:
            return self.fixed_type
        typed = [t for t, _ in self.types.most_common() if t != "other"]
        return typed[0] if typed else "other"

    def record(self) -> Actor:
        name = self.name
        aliases = tuple(n for n in self.names if n != name)
        roles = sorted(self.roles.values(), key=lambda r: (r.as_of or "", r.role))
        return Actor(self.key, name, self.type, aliases, tuple(roles))


def _same_person(a: str, b: str) -> bool:
    """Same surname, and given names that agree where both are written."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    if is_suffix(ta, tb) or is_suffix(tb, ta):
        return True
    return SequenceMatcher(None, ta[0], tb[0]).ratio() >= 0.75  # "Majed" / "Majid"


class ActorIndex:
    """Canonical actors over many documents; see the module docstring."""

    def __init__(self, pack: str | ActorPack | None = DEFAULT_PACK, threshold: float = 0.9) -> None:
        self.pack = resolve_pack(pack)
        self.threshold = threshold
        self._entries: dict[str, _Entry] = {}
        self._aliases: dict[str, set[str]] = {}

    def add(self, actor: Actor, doc_id: str) -> str:
        key = self._match(actor)
        entry = self._entries.get(key)
        if entry is None:
            known = self.pack.get(key)
            entry = _Entry(key, known.name if known else None, known.type if known else None)
            self._entries[key] = entry
        entry.merge(actor, doc_id)
        for name in (actor.name, *actor.aliases):
            if name != name.lower():  # framings ("the terror group") are not names
                self._aliases.setdefault(normalize_name(name), set()).add(key)
        return key

    def actors(self) -> list[Actor]:
        return [entry.record() for entry in self._entries.values()]

    def docs(self, key: str) -> list[str]:
        """The documents an actor was added from, in the order they came."""
        entry = self._entries.get(key)
        return list(entry.docs) if entry else []

    # --- matching --------------------------------------------------------------------------

    def _match(self, actor: Actor) -> str:
        if actor.key in self.pack.actors:
            return actor.key
        key = canonical_key(actor.name, actor.type, self.pack)
        if key in self.pack.actors or self._fits(key, actor):
            return key
        return self._by_alias(actor) or self._by_similarity(actor) or self._fresh(key, actor)

    def _fits(self, key: str, actor: Actor) -> bool:
        entry = self._entries.get(key)
        return entry is not None and types_compatible(entry.type, actor.type)

    def _by_alias(self, actor: Actor) -> str | None:
        found: set[str] = set()
        for name in (actor.name, *actor.aliases):
            found |= {
                k for k in self._aliases.get(normalize_name(name), ()) if self._fits(k, actor)
            }
        if actor.type == "person":
            found = {k for k in found if _same_person(actor.name, self._entries[k].name)}
        return found.pop() if len(found) == 1 else None

    def _by_similarity(self, actor: Actor) -> str | None:
        scores: dict[str, float] = {}
        for key, entry in self._entries.items():
            if not types_compatible(entry.type, actor.type):
                continue
            if actor.type == "person" and not _same_person(actor.name, entry.name):
                continue
            ratio = token_set_ratio if actor.type == "person" else name_ratio
            scores[key] = max(ratio(actor.name, n) for n in entry.names)
        best = [k for k, s in scores.items() if s >= self.threshold]
        top = max((scores[k] for k in best), default=0.0)
        winners = [k for k in best if scores[k] == top]
        return winners[0] if len(winners) == 1 else None  # a tie is no evidence

    def _fresh(self, key: str, actor: Actor) -> str:
        while key in self._entries:  # same slug, incompatible type ("Jordan" the person)
            key = f"{key}-{actor.type.replace('_', '-')}"
        return key


def actor_from_dict(data: Mapping[str, Any]) -> Actor:
    """An `Actor` back from its stored form (`records.to_dict`, extra keys ignored)."""
    roles = tuple(
        Role(r["role"], r.get("as_of"), Evidence(**r["evidence"])) for r in data.get("roles") or ()
    )
    return Actor(data["key"], data["name"], data["type"], tuple(data.get("aliases") or ()), roles)


def merge_actors(
    per_doc: Iterable[tuple[str, Mapping[str, Any]]], pack: str | ActorPack | None = DEFAULT_PACK
) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """For the store: (doc id, stored actor) pairs -> canonical actors as dicts, and links
    (doc id, the document's own key, canonical key) to map mentions through."""
    index = ActorIndex(pack)
    links = [(doc_id, str(data["key"]), index.add(actor_from_dict(data), doc_id))
             for doc_id, data in per_doc]  # fmt: skip
    actors = []
    for merged in index.actors():
        row = to_dict(merged)
        row["aliases"], row["roles"] = list(row["aliases"]), list(row["roles"])
        actors.append(row)
    return actors, links
