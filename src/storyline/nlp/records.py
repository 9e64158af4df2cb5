"""What the extraction components produce: small frozen records with character offsets.

Offsets are into the text the Doc was made from (`doc.text`), so `text[start:end] == evidence`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Timex:
    """A temporal expression, normalised TIMEX3-style against the document date."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: (
        str | None
    )  # TIMEX3 value ("2023-11-24", "2023-W48", "P4D", "PAST_REF"); None if unresolved
    granularity: str = "day"  # time | day | week | month | season | quarter | half | year | decade | century | none
    mod: str | None = None  # BEFORE | AFTER | START | MID | END | APPROX | ...
    relative: str | None = None  # how to resolve it once a date is known, e.g. "weekday:-1:FRI"
    anchor: str | None = None  # the date it was resolved against


@dataclass(frozen=True)
class Role:
    role: str
    as_of: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | NORP | ROLE (a role noun such as "the prime minister")
    actor: str  # key of the canonical actor


@dataclass(frozen=True)
class Actor:
    key: str  # stable: pack id, or a slug of the canonical name
    name: str
    type: str  # person | government | state | armed_group | mediator | intl_org | media | other
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Event:
    type: str  # domain type from the pack, e.g. "truce_extension", or a PLOVER type
    subtype: str | None
    plover_type: str  # PLOVER root type, e.g. "AGREE"
    plover_mode: str | None
    trigger: str
    evidence: Evidence  # the sentence (or clause) the event was read from
    actor: str | None = None  # actor key or text of the source
    recipient: str | None = None
    location: str | None = None
    date: str | None = None  # TIMEX3 value
    date_text: str | None = None
    date_granularity: str | None = None
    status: str = (
        "occurred"  # occurred | ongoing | planned | proposed | denied | conditional | claimed
    )
    attributed_to: str | None = None
    negated: bool = False


@dataclass(frozen=True)
class Figure:
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact | approx | at_least | more_than | up_to | fewer_than | range
    kind: str  # count | money | percent | duration | other; not story figures: age | year |
    # date | time | ordinal | rank | phone
    counted: str | None  # head noun phrase: "Palestinian prisoners"
    category: str  # killed | wounded | hostages_taken | hostages_held | hostages_released | hostages_dead | prisoners_released | aid | truce_days | money | other
    evidence: Evidence  # the number phrase
    sentence: Evidence | None = None
    unit: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    status: str = "reported"  # reported | proposal | demanded


@dataclass(frozen=True)
class Quote:
    text: str
    kind: str  # direct | indirect
    evidence: Evidence  # the quoted content span
    speaker: str | None = None  # speaker as written ("a senior Hamas official")
    speaker_actor: str | None = None  # canonical actor key when resolved
    cue: str | None = None  # reporting verb lemma: say, tell, add, according_to
    addressee: str | None = None
    sentence: Evidence | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def to_dict(record: Any) -> dict[str, Any]:
    return asdict(record)
