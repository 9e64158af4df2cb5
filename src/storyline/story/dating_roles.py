"""Dating clues from the offices an article gives its actors, for `dating.infer_date`.

An article that calls Donald Trump "the US president-elect" was written between 2024-11-06 and
2025-01-20; one that calls Yoav Gallant "the defense minister", before November 2024. The
domain pack's actors.yaml says when each office was held (its `roles`), and the actors
component records the role words each document gives an actor. A role word matches a pack
role of the same actor when every word of the office (less the names of organisations and
peoples, and with chief, head, director and leader taken as one word) is among the document's
words: "head of the Mossad spy agency" is the pack's "Mossad director", "US president-elect"
is not "US president". Of the pack roles a role word matches, the most specific win.

The clue is soft: the article may tell of an earlier time ("Prime Minister Netanyahu said in
2019"), or the actor may be misread, so a day outside every span the role was held costs
ROLE_MISS instead of ruling the day out. "Former", "ex-", "then" and "late" roles say nothing
of when the article was written and are skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.nlp.actors_pack import ActorPack, PackRole

#: The chance that a role is worded for another time than the article's own, or misread.
ROLE_MISS = math.log((1 - 0.05) / 0.05)
#: A span this short (an office-elect, a caretaker term) brings candidate days of its own.
SHORT_SPAN_DAYS = 200

_PAST = frozenset({"former", "ex", "then", "late", "previous", "erstwhile", "onetime", "one-time"})
_SAME = {"head": "chief", "director": "chief", "leader": "chief", "boss": "chief",
         "defence": "defense", "spymaster": "chief"}  # fmt: skip
_FILLER = frozenset({"the", "of", "a", "an", "in", "for", "and", "to", "on", "current", "'s"})
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|'s")


@dataclass(frozen=True)
class RoleSpans:
    """An office an article gives an actor, and the days the pack says it was held."""

    actor: str
    role: str  # as the document words it
    spans: tuple[tuple[date | None, date | None], ...]

    def holds(self, day: date) -> bool:
        return any((a is None or a <= day) and (b is None or day <= b) for a, b in self.spans)

    def short_spans(self) -> list[tuple[date, date]]:
        return [(a, b) for a, b in self.spans
                if a is not None and b is not None and (b - a).days <= SHORT_SPAN_DAYS]  # fmt: skip

    def describe(self) -> str:
        held = ", ".join(f"{a or '…'}..{b or 'now'}" for a, b in self.spans)
        return f"{self.role!r} ({self.actor}) held {held}"


def words(text: str) -> list[str]:
    folded = text.lower().replace("’", "'").replace("ex-", "ex ")
    return [_SAME.get(w, w) for w in _WORD.findall(folded)]


def org_words(pack: ActorPack, org: str | None) -> frozenset[str]:
    """Words of the names of an office's organisation and those it belongs to ("Mossad",
    "Israeli"): an office is matched without them, as articles word them every way."""
    out: set[str] = set()
    for key in [org, *pack.ancestors(org)] if org else []:
        actor = pack.get(key)
        for name in (*actor.names(), *actor.demonyms) if actor else ():
            out.update(words(name))
    return frozenset(out)


def role_spans(doc_actors: list[dict[str, Any]], pack: ActorPack) -> list[RoleSpans]:
    """The offices an undated document gives pack actors, with when they were held."""
    out: dict[tuple[str, tuple[Any, ...]], RoleSpans] = {}
    for actor in doc_actors:
        known = pack.get(actor.get("key"))
        if known is None or not known.roles:
            continue
        for role in actor.get("roles") or ():
            text = str(role.get("role") or "")
            spans = _matching_spans(words(text), known.roles, pack)
            if spans:
                out.setdefault((known.key, spans), RoleSpans(known.key, text, spans))
    return list(out.values())


def _matching_spans(said: list[str], roles: tuple[PackRole, ...],
                    pack: ActorPack) -> tuple[tuple[date | None, date | None], ...]:  # fmt: skip
    if not said or _PAST & set(said):
        return ()
    present = set(said)
    matched: list[tuple[int, PackRole]] = []
    for role in roles:
        orgs = org_words(pack, role.org)
        needed = {w for w in words(role.role) if w not in orgs and w not in _FILLER}
        if needed and needed <= present:
            matched.append((len(needed), role))
    if not matched:
        return ()
    best = max(n for n, _ in matched)
    return tuple(sorted({(_day(r.start), _day(r.end)) for n, r in matched if n == best},
                        key=lambda s: s[0] or date.min))  # fmt: skip


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def role_cost(roles: list[RoleSpans], day: date) -> float:
    return sum(ROLE_MISS for r in roles if not r.holds(day))
