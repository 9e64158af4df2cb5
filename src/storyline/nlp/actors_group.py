"""Within one document: group name mentions into actors, attach roles, link role nouns.

Order of evidence, strongest first: the pack (a known name or alias), then the document
itself (a surname after the full name, an acronym after its expansion, an apposition), then
the pack's dated roles for role nouns whose holder the document never names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from storyline.nlp.actors_cands import Cand, pack_label
from storyline.nlp.actors_names import (
    acronym,
    guess_type,
    is_acronym,
    is_suffix,
    name_tokens,
    normalize_name,
    same_person,
    slugify,
)
from storyline.nlp.actors_pack import ActorPack, PackActor, canonical_key
from storyline.nlp.actors_rolenp import RolePhrase, RoleReader
from storyline.nlp.actors_roles import Holding, Office, compatible, is_specific
from storyline.nlp.doc_cache import span_text
from storyline.nlp.records import Actor, Evidence, Mention, Role


@dataclass
class Cluster:
    key: str
    label: str
    pack: PackActor | None = None
    forms: list[list[str]] = field(default_factory=list)  # name tokens, for surname matching
    norms: set[str] = field(default_factory=set)  # normalised names, for organisations
    acronyms: set[str] = field(default_factory=set)
    cands: list[Cand] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)  # offices the text gives it
    roles: list[Role] = field(default_factory=list)
    role_spans: list[tuple[int, int]] = field(default_factory=list)  # ROLE mentions (tokens)

    def positions(self) -> list[int]:
        return [c.start for c in self.cands] + [s for s, _ in self.role_spans]

    def mentioned(self) -> bool:
        return bool(self.cands or self.role_spans)


def _nearest(clusters: list[Cluster], at: int) -> Cluster:
    """The candidate mentioned last before `at`, else first after it (recency, as readers do)."""
    before = [
        (max(p for p in c.positions() if p < at), c) for c in clusters if min(c.positions()) < at
    ]
    if before:
        return max(before, key=lambda pair: pair[0])[1]
    return min(clusters, key=lambda c: min(c.positions()))


class Grouper:
    def __init__(self, doc: Doc, pack: ActorPack, holdings: list[Holding], date: str | None):
        self.doc, self.pack, self.holdings, self.date = doc, pack, holdings, date
        self.clusters: dict[str, Cluster] = {}
        self._texts: dict[tuple[int, int], str] = {}  # a mention's text is read many times

    # --- clusters --------------------------------------------------------------------------

    def _pack_cluster(self, key: str) -> Cluster:
        if key not in self.clusters:
            actor = self.pack.actors[key]
            cluster = Cluster(key, pack_label(actor), actor, forms=self.pack.person_forms(key))
            cluster.norms = {normalize_name(n) for n in actor.names()}
            self.clusters[key] = cluster
        return self.clusters[key]

    def _new_cluster(self, cand: Cand) -> Cluster:
        key = slugify(self._text(cand))
        while key in self.clusters:  # a person and a place may share a name
            key = f"{key}-{cand.label.lower()}"
        self.clusters[key] = Cluster(key, cand.label)
        return self.clusters[key]

    def _text(self, cand: Cand) -> str:
        span = (cand.start, cand.end)
        if span not in self._texts:
            self._texts[span] = span_text(cand.span(self.doc))
        return self._texts[span]

    def _add(self, cand: Cand, cluster: Cluster) -> None:
        cand.key = cluster.key
        cluster.cands.append(cand)
        text = self._text(cand)
        if cluster.label == "PERSON":
            cand.label = "PERSON"
            cluster.forms.append(name_tokens(text))
        cluster.norms.update({normalize_name(text), self._without_state(text)})
        cluster.acronyms.update(a for a in (acronym(text), acronym(self._without_state(text))) if a)

    def _without_state(self, text: str) -> str:
        """ "US Central Intelligence Agency" -> "central intelligence agency"."""
        words = text.split()
        while len(words) > 1:
            head = self.pack.get(self.pack.lookup(words[0]))
            if head is None or head.type not in ("state", "mediator"):
                break
            words = words[1:]
        return normalize_name(" ".join(words))

    def _persons(self) -> list[Cluster]:
        return [c for c in self.clusters.values() if c.label == "PERSON" and c.mentioned()]

    # --- names -----------------------------------------------------------------------------

    def group_names(self, cands: list[Cand]) -> None:
        for cand in cands:
            if cand.pack_key:
                self._add(cand, self._pack_cluster(cand.pack_key))
        rest = [c for c in cands if not c.pack_key]
        people = [c for c in rest if c.label == "PERSON"]
        for cand in sorted(people, key=lambda c: (-len(name_tokens(self._text(c))), c.start)):
            self._group_person(cand)
        others = [c for c in rest if c.label != "PERSON"]
        for cand in sorted(others, key=lambda c: (is_acronym(self._text(c)), c.start)):
            self._group_other(cand, cands)

    def _group_person(self, cand: Cand) -> None:
        tokens = name_tokens(self._text(cand))
        if not tokens:
            return
        same = [c for c in self._persons() if any(same_person(tokens, f) for f in c.forms)]
        if same:
            self._add(cand, _nearest(same, cand.start))
            return
        given = self._by_first_name(tokens)
        if given is not None:
            self._add(cand, given)
            return
        keys = self.pack.persons_ending_with(tokens)
        if len(keys) > 1:  # two Sinwars: the one in office on the document date
            keys = [k for k in keys if any(r.active(self.date) for r in self.pack.actors[k].roles)]
        self._add(cand, self._pack_cluster(keys[0]) if len(keys) == 1 else self._new_cluster(cand))

    def _by_first_name(self, tokens: list[str]) -> Cluster | None:
        """A lone name that begins exactly one person's full name here: a first name ("We
        miss Steve" after "Steve Jobs") or a surname written first ("Liu" after "Liu Xiaming")."""
        if len(tokens) != 1 or self.pack.persons_ending_with(tokens):
            return None
        found = [
            c for c in self._persons() if any(len(f) > 1 and f[0] == tokens[0] for f in c.forms)
        ]
        return found[0] if len(found) == 1 else None

    def _group_other(self, cand: Cand, cands: list[Cand]) -> None:
        text = self._text(cand)
        tokens = name_tokens(text)
        if cand.label in ("ORG", "GPE") and len(tokens) <= 2 and not is_acronym(text):
            same = [c for c in self._persons() if any(is_suffix(tokens, f) for f in c.forms)]
            if same or self.pack.persons_ending_with(tokens):
                # NER read a surname ("Sinwar") as a place or an organisation.
                cand.label = "PERSON"
                self._group_person(cand)
                return
        target = self._parenthesised(cand, cands) or self._same_org(text)
        self._add(cand, target or self._new_cluster(cand))

    def _parenthesised(self, cand: Cand, cands: list[Cand]) -> Cluster | None:
        """ "the Islamic Revolution Guards Corps (IRGC)": the bracket names the same actor."""
        doc = self.doc
        if cand.start < 2 or cand.end >= len(doc) or doc[cand.start - 1].text != "(":
            return None
        if doc[cand.end].text != ")":
            return None
        before = [c for c in cands if c.end == cand.start - 1 and c.key and c.label != "PERSON"]
        return self.clusters.get(before[0].key or "") if before else None

    def _same_org(self, text: str) -> Cluster | None:
        bare = text.replace(".", "")
        norms = {normalize_name(text), self._without_state(text)}
        for cluster in self.clusters.values():
            if cluster.label == "PERSON" or not cluster.cands:
                continue
            if norms & cluster.norms or (is_acronym(text) and bare in cluster.acronyms):
                return cluster
        return None

    # --- roles -----------------------------------------------------------------------------

    def link_roles(self, cands: list[Cand]) -> None:
        reader = RoleReader(self.doc, cands, self.pack)
        for cand in cands:
            if cand.label == "PERSON" and cand.key:
                for phrase in reader.titles(cand) + reader.appositions(cand):
                    self._attach(reader, self.clusters[cand.key], phrase)
        for phrase in reader.role_nouns():
            holder = self._holder(phrase)
            if holder is not None:
                self._attach(reader, holder, phrase)

    def _attach(self, reader: RoleReader, cluster: Cluster, phrase: RolePhrase) -> None:
        span = self.doc[phrase.start : phrase.end]
        evidence = Evidence(span.start_char, span.end_char, span_text(span))
        cluster.offices.append(phrase.office)
        cluster.roles.append(Role(reader.role_text(phrase), self.date, evidence))
        mention = phrase.kind != "title"  # a title is part of the name mention's context
        if mention:
            cluster.role_spans.append((phrase.start, phrase.end))

    def _offices(self, cluster: Cluster) -> list[Office]:
        held = [
            h.office for h in self.holdings if h.actor == cluster.key and h.role.active(self.date)
        ]
        return cluster.offices + held

    def _holder(self, phrase: RolePhrase) -> Cluster | None:
        """Who "the prime minister" is: someone named here in that office, else the pack's."""
        office = phrase.office
        if not is_specific(office):
            return None
        named = [
            c
            for c in self._persons()
            if any(compatible(office, o, self.pack) for o in self._offices(c))
        ]
        if named:
            return _nearest(named, phrase.start)
        if not (office.org or office.state):
            # Unqualified ("the minister", "the spokesman"): every government has one, so an
            # office-holder never named here is a guess even when the pack knows only one.
            return None
        keys = {
            h.actor
            for h in self.holdings
            if h.role.active(self.date) and compatible(office, h.office, self.pack)
        }
        return self._pack_cluster(keys.pop()) if len(keys) == 1 else None

    # --- records ---------------------------------------------------------------------------

    def finalize_keys(self) -> None:
        """Re-key actors outside the pack by their final name, as `canonical_key` would."""
        final: dict[str, Cluster] = {}
        for cluster in self.clusters.values():
            if cluster.pack is None and cluster.cands:
                name, type_ = self._name_and_type(cluster)
                key = canonical_key(name, type_, self.pack)
                while key in final or (key != cluster.key and key in self.clusters):
                    key = f"{key}-{type_.replace('_', '-')}"
                cluster.key = key
                for cand in cluster.cands:
                    cand.key = key
            final[cluster.key] = cluster
        self.clusters = final

    def mentions(self) -> list[Mention]:
        out = []
        for cluster in self.clusters.values():
            for cand in cluster.cands:
                span = cand.span(self.doc)
                out.append(
                    Mention(
                        span.start_char, span.end_char, span_text(span), cand.label, cluster.key
                    )
                )
            for start, end in cluster.role_spans:
                span = self.doc[start:end]
                out.append(
                    Mention(span.start_char, span.end_char, span_text(span), "ROLE", cluster.key)
                )
        return sorted(out, key=lambda m: (m.start, m.end))

    def actors(self) -> list[Actor]:
        live = [c for c in self.clusters.values() if c.mentioned()]
        return [self._actor(c) for c in sorted(live, key=lambda c: min(c.positions()))]

    def _actor(self, cluster: Cluster) -> Actor:
        name, type_ = self._name_and_type(cluster)
        aliases = dict.fromkeys(self._text(c) for c in sorted(cluster.cands, key=lambda c: c.start))
        aliases.pop(name, None)
        roles = {r.role: r for r in reversed(cluster.roles)}  # first evidence of each role wins
        ordered = sorted(roles.values(), key=lambda r: r.evidence.start)
        return Actor(cluster.key, name, type_, tuple(aliases), tuple(ordered))

    def _name_and_type(self, cluster: Cluster) -> tuple[str, str]:
        if cluster.pack is not None:
            return cluster.pack.name, cluster.pack.type
        texts = [self._text(c) for c in cluster.cands]
        full = [t for t in texts if not is_acronym(t)] or texts
        name = max(full, key=lambda t: (len(name_tokens(t)), -texts.index(t)))
        labelled = next(c for c in cluster.cands if self._text(c) == name)
        return name, guess_type(labelled.label, name)
