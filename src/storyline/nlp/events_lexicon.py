"""The event lexicon of a pack: `events.yaml` read into matchable rules.

A pack's `events.yaml` holds:
    extends: plover            # a pack whose rules come after ours (default: the generic PLOVER
                               # pack); `extends: null` stands alone
    sides: {key: [names]}      # the parties of the conflict (an event only one side reports is
                               # "claimed")
    cues: {name: [words]}      # status / attribution cue words, merged into the parent's lists
    future_as: {TYPE: TYPE}    # PLOVER re-typing of planned/proposed events (manual 3.1, 3.4)
    types:
      <type>:
        plover: RETREAT        # PLOVER 2021 root type (defaults to the type name)
        mode: release          # PLOVER mode, optional
        subtype: exchange      # optional
        triggers:              # tried in order; the first that matches a token wins
          - verbs: [release, free]   # or nouns: [...] or lemmas: [...] (any part of speech)
            theme: [hostage]         # an argument must have one of these lemmas
            role: object             # which argument: object (default) | subject | any
            not_theme: [statement]   # ...and none may have one of these
            with: [effect]           # a child (or a preposition's object) with one of these lemmas
            transitive: true         # needs a direct object
            mode / subtype / plover  # per-trigger overrides
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from storyline.packs import load_pack_file

GENERIC_PACK = "plover"

#: PLOVER 2021 event types (CAMEO2PLOVER-2021.txt, manual chapter 3).
PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})  # fmt: skip
ROLES = ("object", "subject", "any")
_TRIGGER_KEYS = {"verbs", "nouns", "lemmas", "theme", "role", "not_theme", "with", "transitive",
                 "mode", "subtype", "plover"}  # fmt: skip
_TYPE_KEYS = {"plover", "mode", "subtype", "triggers"}


@dataclass(frozen=True)
class Rule:
    """One trigger pattern: a lemma set plus the dependency constraints that must hold."""

    type: str
    plover: str
    mode: str | None
    subtype: str | None
    lemmas: frozenset[str]
    pos: str  # VERB | NOUN | ANY
    theme: frozenset[str] = frozenset()
    role: str = "object"
    not_theme: frozenset[str] = frozenset()
    with_: frozenset[str] = frozenset()
    transitive: bool = False
    rank: int = 0  # position in the lexicon: earlier rules win

    @property
    def constrained(self) -> bool:
        return bool(self.theme or self.with_ or self.transitive)


@dataclass(frozen=True)
class Lexicon:
    pack: str
    rules: tuple[Rule, ...]
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    sides: dict[str, frozenset[str]] = field(default_factory=dict)
    future_as: dict[str, str] = field(default_factory=dict)
    by_lemma: dict[str, tuple[Rule, ...]] = field(default_factory=dict)

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())

    def keys_word(self, word: str) -> bool:
        """Does a lower-cased form have rules?"""
        return word in self.by_lemma

    def keys_lemma(self, lemma: str) -> bool:
        """Does a lemma have rules (compared lower-cased, as `match_trigger` does)?"""
        return lemma.lower() in self.by_lemma

    def rules_for(self, keys: set[str]) -> list[Rule]:
        """Rules triggered by any of the keys (a token's lemma and form), in pack order."""
        found = {rule.rank: rule for key in keys for rule in self.by_lemma.get(key, ())}
        return [found[rank] for rank in sorted(found)]


@lru_cache(maxsize=16)
def load_lexicon(pack: str) -> Lexicon:
    """The pack's rules followed by those of the packs it extends (the PLOVER pack last)."""
    chain = _pack_chain(pack)
    rules: list[Rule] = []
    cues: dict[str, frozenset[str]] = {}
    sides: dict[str, frozenset[str]] = {}
    future_as: dict[str, str] = {}
    # Parents first for cues/sides so the child's entries extend them; rules child first so a
    # domain pattern wins over a generic one on the same token.
    for name, data in reversed(chain):
        for key, words in (data.get("cues") or {}).items():
            cues[key] = cues.get(key, frozenset()) | _words(words, f"{name}: cues.{key}")
        for key, words in (data.get("sides") or {}).items():
            sides[str(key)] = _words(words, f"{name}: sides.{key}")
        future_as.update({str(k): str(v) for k, v in (data.get("future_as") or {}).items()})
    for name, data in chain:
        rules.extend(_pack_rules(name, data))
    rules = [replace(rule, rank=rank) for rank, rule in enumerate(rules)]
    return Lexicon(pack, tuple(rules), cues, sides, future_as, _index(rules))


def _pack_chain(pack: str) -> list[tuple[str, dict[str, Any]]]:
    chain: list[tuple[str, dict[str, Any]]] = []
    name: str | None = pack
    while name is not None:
        if any(seen == name for seen, _ in chain):
            raise ValueError(f"pack {pack!r}: events.yaml 'extends' loops back to {name!r}")
        data = load_pack_file(name, "events")
        chain.append((name, data))
        default_parent = None if name == GENERIC_PACK else GENERIC_PACK
        name = data.get("extends", default_parent)
    return chain


def _pack_rules(pack: str, data: dict[str, Any]) -> list[Rule]:
    rules: list[Rule] = []
    for type_name, spec in (data.get("types") or {}).items():
        where = f"{pack}: types.{type_name}"
        if not isinstance(spec, dict) or set(spec) - _TYPE_KEYS:
            raise ValueError(f"{where}: expected a mapping with keys {sorted(_TYPE_KEYS)}")
        for i, trigger in enumerate(spec.get("triggers") or ()):
            rules.append(_rule(str(type_name), spec, trigger, f"{where}.triggers[{i}]"))
    # Constrained patterns before bare ones (stable within each group): "withdraw ambassador"
    # must be tried before plain "withdraw".
    return sorted(rules, key=lambda rule: not rule.constrained)


def _rule(type_name: str, spec: dict[str, Any], trigger: Any, where: str) -> Rule:
    if not isinstance(trigger, dict) or set(trigger) - _TRIGGER_KEYS:
        raise ValueError(f"{where}: expected a mapping with keys among {sorted(_TRIGGER_KEYS)}")
    pos_keys = [k for k in ("verbs", "nouns", "lemmas") if k in trigger]
    if len(pos_keys) != 1:
        raise ValueError(f"{where}: give exactly one of verbs, nouns, lemmas")
    plover = str(trigger.get("plover") or spec.get("plover") or type_name)
    if plover not in PLOVER_TYPES:
        raise ValueError(
            f"{where}: {plover!r} is not a PLOVER type ({', '.join(sorted(PLOVER_TYPES))})"
        )
    role = str(trigger.get("role", "object"))
    if role not in ROLES:
        raise ValueError(f"{where}: role must be one of {', '.join(ROLES)}")
    return Rule(
        type=type_name,
        plover=plover,
        mode=trigger.get("mode", spec.get("mode")),
        subtype=trigger.get("subtype", spec.get("subtype")),
        lemmas=_words(trigger[pos_keys[0]], where),
        pos={"verbs": "VERB", "nouns": "NOUN", "lemmas": "ANY"}[pos_keys[0]],
        theme=_words(trigger.get("theme"), where),
        role=role,
        not_theme=_words(trigger.get("not_theme"), where),
        with_=_words(trigger.get("with"), where),
        transitive=bool(trigger.get("transitive", False)),
    )


def _words(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list of words, got {value!r}")
    return frozenset(str(word).lower() for word in value)


def _index(rules: list[Rule]) -> dict[str, tuple[Rule, ...]]:
    index: dict[str, list[Rule]] = {}
    for rule in rules:
        for lemma in rule.lemmas:
            index.setdefault(lemma, []).append(rule)
    return {lemma: tuple(found) for lemma, found in index.items()}
