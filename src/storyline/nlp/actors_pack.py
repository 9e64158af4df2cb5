"""The pack's actors.yaml, read into lookups: aliases, parents, descriptors and dated roles.

Schema (see packs/hostage-talks/actors.yaml for the full commentary): a list `actors` of
{key, name, type, label?, parent?, aliases?, demonyms?, descriptors?, descriptions?, roles?}
and a list `places` of {key, name, aliases?, stands_for?}. Role dates may be YYYY, YYYY-MM or
YYYY-MM-DD; an open end means the office is still held.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline.nlp.actors_names import (
    fold,
    is_suffix,
    name_tokens,
    normalize_name,
    slugify,
    types_compatible,
)


@dataclass(frozen=True)
class PackRole:
    role: str
    org: str | None = None
    start: str | None = None  # first day held, "YYYY-MM-DD"
    end: str | None = None  # last day held; None while still held

    def active(self, date: str | None) -> bool:
        """Held on `date`. Without a date any term counts, so two holders of one office stay
        ambiguous rather than the current one being assumed."""
        if date is None:
            return True
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class PackActor:
    key: str
    name: str
    type: str
    label: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    roles: tuple[PackRole, ...] = ()
    stands_for: str | None = None
    place: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class ActorPack:
    """Lookups over a pack's actors; an empty pack is valid (everything is then guessed)."""

    actors: dict[str, PackActor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._alias: dict[str, set[str]] = {}
        self._forms: list[tuple[list[str], str]] = []
        # Built once here, not per mention: who has a descriptor, and name forms by last word.
        self._described: dict[str, list[str]] = {}
        self._forms_ending: dict[str, list[tuple[list[str], str]]] = {}
        for actor in self.actors.values():
            for text in (*actor.names(), *actor.demonyms):
                self._alias.setdefault(normalize_name(text), set()).add(actor.key)
            if actor.type == "person":
                self._forms += [(name_tokens(n), actor.key) for n in actor.names()]
            for descriptor in actor.descriptors:
                holders = self._described.setdefault(descriptor, [])
                if actor.key not in holders:
                    holders.append(actor.key)
        for form, key in self._forms:
            if form:
                self._forms_ending.setdefault(form[-1], []).append((form, key))
        self._surnames = frozenset(
            words[-1]
            for a in self.actors.values()
            if a.type == "person"
            for words in (n.split() for n in a.names())
            if len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) > 3
        )

    def get(self, key: str | None) -> PackActor | None:
        return self.actors.get(key) if key else None

    def lookup(self, text: str, type_: str | None = None) -> str | None:
        """The one pack key whose name, alias or demonym normalises like `text`."""
        keys = self._alias.get(normalize_name(text), set())
        if type_ is not None:
            keys = {k for k in keys if types_compatible(self.actors[k].type, type_)}
        return next(iter(keys)) if len(keys) == 1 else None

    def ancestors(self, key: str) -> list[str]:
        chain: list[str] = []
        actor = self.get(key)
        while actor and actor.parent and actor.parent not in chain:
            chain.append(actor.parent)
            actor = self.get(actor.parent)
        return chain

    def state_of(self, key: str) -> str | None:
        """The top of the parent chain when it is a state-like actor (Mossad -> Israel)."""
        top = ([key, *self.ancestors(key)])[-1]
        actor = self.get(top)
        return top if actor and (actor.type in ("state", "mediator") or actor.place) else None

    def by_descriptor(self, anchor: str, phrase: str) -> str | None:
        """The actor `phrase` names next to `anchor`: ("israel", "spy agency") -> "mossad".

        Searched from the anchor up its parents, so "the Israeli regime's army" finds the
        army under Israel although "regime" named the government.
        """
        holders = self._described.get(normalize_name(phrase))
        if not holders:
            return None
        for level in [anchor, *self.ancestors(anchor)]:
            found = [key for key in holders if key == level or level in self.ancestors(key)]
            if len(found) == 1:
                return found[0]
        return None

    def descriptor_words(self, key: str | None) -> set[str]:
        actor = self.get(key)
        return {w for d in actor.descriptors for w in d.split()} if actor else set()

    def surnames(self) -> frozenset[str]:
        """Last words of pack people's full names, as written ("Sinwar", "Barnea")."""
        return self._surnames

    def persons_ending_with(self, tokens: list[str]) -> list[str]:
        """Pack persons one of whose names ends with `tokens` ("barnea" -> david-barnea)."""
        if not tokens:
            return []
        candidates = self._forms_ending.get(tokens[-1], ())
        return sorted({key for form, key in candidates if is_suffix(tokens, form)})

    def person_forms(self, key: str) -> list[list[str]]:
        return [form for form, k in self._forms if k == key]


def _bound(value: Any, end: bool) -> str | None:
    """ "2021" -> "2021-01-01" (or "-12-31" for an end); YAML may hand us dates or ints."""
    if value in (None, ""):
        return None
    text = str(value)
    if len(text) == 4:
        return f"{text}-12-31" if end else f"{text}-01-01"
    if len(text) == 7:
        return f"{text}-31" if end else f"{text}-01"
    return text[:10]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _role(entry: dict[str, Any]) -> PackRole:
    return PackRole(
        role=str(entry["role"]),
        org=entry.get("org"),
        start=_bound(entry.get("from"), end=False),
        end=_bound(entry.get("to"), end=True),
    )


def _actor(entry: dict[str, Any], place: bool = False) -> PackActor:
    return PackActor(
        key=str(entry.get("key") or slugify(str(entry["name"]))),
        name=str(entry["name"]),
        type=str(entry.get("type") or "other"),
        label=entry.get("label") or ("GPE" if place else None),
        parent=entry.get("parent"),
        aliases=_strings(entry.get("aliases")),
        demonyms=_strings(entry.get("demonyms")),
        descriptors=tuple(normalize_name(d) for d in _strings(entry.get("descriptors"))),
        descriptions=tuple(fold(d) for d in _strings(entry.get("descriptions"))),
        roles=tuple(_role(r) for r in entry.get("roles") or ()),
        stands_for=entry.get("stands_for"),
        place=place,
    )


def build_pack(data: dict[str, Any]) -> ActorPack:
    actors: Iterable[PackActor] = [
        *(_actor(e) for e in data.get("actors") or ()),
        *(_actor(e, place=True) for e in data.get("places") or ()),
    ]
    return ActorPack({a.key: a for a in actors})


@lru_cache(maxsize=8)
def load_actor_pack(pack: str | None) -> ActorPack:
    """The pack's actors.yaml as lookups; None or "" gives the empty pack."""
    if not pack:
        return ActorPack()
    from storyline.packs import load_pack_file

    return build_pack(load_pack_file(pack, "actors"))


def resolve_pack(pack: str | ActorPack | None) -> ActorPack:
    return pack if isinstance(pack, ActorPack) else load_actor_pack(pack)


def canonical_key(name: str, type_: str, pack: str | ActorPack | None = None) -> str:
    """The stable key of an actor called `name`: its pack key, else a slug of the name.

    Pure: the same name, type and pack always give the same key, in any document.
    """
    found = resolve_pack(pack).lookup(name, type_)
    return found or slugify(name)
