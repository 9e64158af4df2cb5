"""Offices: what a role phrase means, so different wordings of one office can be compared.

"Mossad Director", "the Mossad chief", "Israel's spy chief" and "the director of the Israeli
National Intelligence Agency" all reduce to one `Office` (term "head", org Mossad, state
Israel), which is how a role noun finds the person who holds that office. The lexicon of
role words is plain English and stays here; which organisation a word like "spy agency"
points to is domain knowledge and comes from the pack (`descriptors`).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.nlp.actors_pack import ActorPack, PackRole

#: role wording -> office term. Several wordings share a term ("chief", "director" -> "head").
ROLE_TERMS: dict[str, str] = {
    "prime minister": "prime minister",
    "premier": "prime minister",
    "president": "president",
    "president-elect": "president-elect",
    "vice president": "vice president",
    "vice-president": "vice president",
    "minister": "minister",
    "foreign minister": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "defense minister": "defense minister",
    "defence minister": "defense minister",
    "minister of defense": "defense minister",
    "minister of defence": "defense minister",
    "secretary of state": "secretary of state",
    "secretary-general": "secretary-general",
    "secretary general": "secretary-general",
    "secretary": "secretary",
    "director": "head",
    "director-general": "head",
    "chief": "head",
    "head": "head",
    "leader": "head",
    "boss": "head",
    "chairman": "head",
    "chairwoman": "head",
    "supreme leader": "supreme leader",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "envoy": "envoy",
    "special envoy": "envoy",
    "ambassador": "ambassador",
    "emir": "emir",
    "king": "king",
    "crown prince": "crown prince",
    "commander": "commander",
    "chief of staff": "chief of staff",
    "general": "general",
    "major general": "general",
    "prosecutor": "prosecutor",
    "chief prosecutor": "prosecutor",
    "rapporteur": "rapporteur",
    "special rapporteur": "rapporteur",
    "adviser": "adviser",
    "advisor": "adviser",
    "national security adviser": "national security adviser",
    "national security advisor": "national security adviser",
    "negotiator": "negotiator",
    "chief negotiator": "negotiator",
    "coordinator": "coordinator",
    # Offices of any country's politics and of companies, with the abbreviations news writes
    # before names ("Gov. Kristi Noem", "Sens. Cory Booker and Kamala Harris").
    "governor": "governor",
    "gov.": "governor",
    "senator": "senator",
    "sen.": "senator",
    "sens.": "senator",
    "sens": "senator",  # the tokenizer splits "Sens." into "Sens" and "."
    "representative": "representative",
    "rep.": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "speaker": "speaker",
    "mayor": "mayor",
    "attorney general": "attorney general",
    "attorney": "attorney",
    "commissioner": "commissioner",
    "superintendent": "superintendent",
    "judge": "judge",
    "sheriff": "sheriff",
    "chief executive": "chief executive",
    "chief executive officer": "chief executive",
    "ceo": "chief executive",
    "chief operating officer": "chief operating officer",
    "coo": "chief operating officer",
    "chief financial officer": "chief financial officer",
    "cfo": "chief financial officer",
    "founder": "founder",
    "co-founder": "founder",
    "executive": "executive",
    "coach": "coach",
}
_MAX_TERM = max(len(t.split()) for t in ROLE_TERMS)

#: How a role written in short is shown: "Gov. Noem" holds the role "governor".
ABBREVIATIONS: dict[str, str] = {
    "gov.": "governor",
    "sen.": "senator",
    "sens.": "senator",
    "sens": "senator",
    "rep.": "representative",
    "ceo": "CEO",
    "coo": "COO",
    "cfo": "CFO",
}

#: Last words of role wordings: the tokens a role noun phrase can be headed by.
ROLE_HEADS = frozenset(t.split()[-1] for t in ROLE_TERMS)

#: Words that change who is meant: a deputy or former minister is not the minister.
RANK_WORDS = frozenset(
    {"deputy", "vice", "former", "acting", "assistant", "interim", "ex", "late", "alternate"}
    | {"opposition"}
)
#: Words that say nothing about which office is meant.
IGNORABLE = frozenset(
    {
        "senior",
        "top",
        "current",
        "incumbent",
        "new",
        "veteran",
        "longtime",
        "powerful",
        "outgoing",
        "then",
        "own",
        "country",
    }
)
STOP = frozenset({"the", "a", "an", "of", "'s", "'", "and", "for", "in", "at", "to", "-", "(", ")"})


@dataclass(frozen=True)
class Item:
    """One piece of a role phrase: a word, or a mention of an actor (key set)."""

    text: str
    key: str | None = None
    label: str | None = None  # NER label of a mention (GPE/NORP mark a state)


@dataclass(frozen=True)
class Office:
    term: str  # "head", "prime minister", ...
    org: str | None  # the organisation the office belongs to (Mossad)
    state: str | None  # the state above it (Israel)
    extras: frozenset[str]  # other words ("foreign", "policy")


def find_term(words: list[str]) -> tuple[int, int, str] | None:
    """Longest role wording in `words` (rightmost on ties) as (start, end, term)."""
    for size in range(min(_MAX_TERM, len(words)), 0, -1):
        for start in range(len(words) - size, -1, -1):
            term = ROLE_TERMS.get(" ".join(words[start : start + size]))
            if term:
                return start, start + size, term
    return None


def _is_state(item: Item, pack: ActorPack) -> bool:
    actor = pack.get(item.key)
    if actor:
        return actor.type in ("state", "mediator") or actor.place
    return item.label in ("GPE", "NORP")


def _resolve_descriptors(keys: list[str], rest: list[str], pack: ActorPack) -> list[str]:
    """Actors named by common nouns next to a mention ("Israeli" + "spy"); removes the words."""
    found: list[str] = []
    for anchor in reversed(keys):
        for size in range(len(rest), 0, -1):
            for start in range(len(rest) - size + 1):
                hit = pack.by_descriptor(anchor, " ".join(rest[start : start + size]))
                if hit:
                    found.append(hit)
                    del rest[start : start + size]
                    break
            else:
                continue
            break
    return found


def _org_and_state(
    items: list[Item], rest: list[str], pack: ActorPack
) -> tuple[str | None, str | None]:
    mentions = [i for i in items if i.key]
    keys = [i.key for i in mentions if i.key]
    found = _resolve_descriptors(keys, rest, pack)
    orgs = [i.key for i in mentions if i.key and not _is_state(i, pack)] + found
    # The deepest organisation is the office's own (Mossad rather than Israel).
    org = max(orgs, key=lambda k: len(pack.ancestors(k)), default=None)
    states = [i.key for i in mentions if i.key and _is_state(i, pack)]
    state = (pack.state_of(org) if org else None) or (states[0] if states else None)
    return org, state


def office_from_items(items: list[Item], pack: ActorPack) -> Office | None:
    """The office a role phrase names, or None when it holds no role wording."""
    words = [i.text.lower() for i in items if not i.key]
    hit = find_term(words)
    if hit is None:
        return None
    start, end, term = hit
    rest = [w for w in words[:start] + words[end:] if w not in STOP and w not in IGNORABLE]
    org, state = _org_and_state(items, rest, pack)
    own = pack.descriptor_words(org)
    return Office(term, org, state, frozenset(w for w in rest if w not in own))


def compatible(mention: Office, holder: Office, pack: ActorPack) -> bool:
    """Can a role noun (`mention`) refer to the holder of `holder`? Mention may say less."""
    if mention.term != holder.term:
        return False
    if mention.org and mention.org != holder.org:
        return False
    if mention.state and mention.state != holder.state:
        return False
    bare_state_head = mention.term == "head" and not mention.org and not mention.extras
    if bare_state_head and holder.org not in (None, mention.state):
        return False  # "the leaders of Qatar and Egypt" head the states, not an agency in them
    if mention.extras & RANK_WORDS != holder.extras & RANK_WORDS:
        return False
    allowed = holder.extras | pack.descriptor_words(holder.org)
    return mention.extras <= allowed


def is_specific(office: Office) -> bool:
    """ "The director" alone could be anyone's; "the prime minister" is specific enough."""
    return office.term != "head" or bool(office.org or office.state or office.extras)


def items_from_text(text: str, pack: ActorPack) -> list[Item]:
    """Split a pack role such as "Qatari foreign ministry spokesman" into items."""
    tokens = text.replace("\u2019", "'").replace("'s ", " 's ").split()
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        for size in range(min(6, len(tokens) - i), 0, -1):
            key = pack.lookup(" ".join(tokens[i : i + size]))
            if key:
                items.append(Item(" ".join(tokens[i : i + size]), key))
                i += size
                break
        else:
            items.append(Item(tokens[i]))
            i += 1
    return items


@dataclass(frozen=True)
class Holding:
    actor: str
    role: PackRole
    office: Office


def pack_holdings(pack: ActorPack) -> list[Holding]:
    """Every dated office in the pack, read once per component."""
    holdings = []
    for actor in pack.actors.values():
        for role in actor.roles:
            items = items_from_text(role.role, pack)
            if role.org:
                items.append(Item(role.org, role.org))
            office = office_from_items(items, pack)
            if office:
                holdings.append(Holding(actor.key, role, office))
    return holdings
