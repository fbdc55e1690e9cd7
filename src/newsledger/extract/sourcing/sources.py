"""Source records: mentions merged across the article, kind, naming, descriptors."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsledger.extract.sourcing.cues import Found, Offsets
from newsledger.extract.sourcing.lexicon import lexicon
from newsledger.extract.sourcing.mentions import (
    antecedent,
    candidates,
    core_span,
    entity_bounds,
    is_initial,
    name_key,
    person_entity,
    relative_head,
)
from newsledger.extract.sourcing.mentions import (
    words as mention_words,
)
from newsledger.extract.sourcing.quotes import doc_text, find_quotes
from newsledger.models import Attribution, Source, span_of
from newsledger.nlp import labels


@dataclass
class Cluster:
    key: str
    heads: list[Token] = field(default_factory=list)
    spans: list[Offsets] = field(default_factory=list)


@lru_cache(maxsize=1)
def anonymity_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in lexicon().anonymity)


def noun_key(tok: Token) -> str:
    """Key of a common-noun or organisation mention; vague ones never merge."""
    words = {t.lower_ for t in tok.children if t.dep_ in ("det", "amod")}
    if words & lexicon().vague or (
        tok.lemma_.lower() in ("source", "report") and tok.tag_ == "NNS"
    ):
        return f"vague:{tok.i}"
    bounds = entity_bounds(tok) if tok.ent_type_ == "ORG" else None
    if bounds is not None:
        return "org:" + re.sub(r"^the ", "", tok.doc[bounds[0] : bounds[1]].text.lower())
    lo, hi = core_span(tok)
    words_core = [t.lower_ for t in tok.doc[lo:hi] if t.dep_ not in ("det",)]
    return "noun:" + " ".join(words_core)


def key_of(
    tok: Token, clusters: dict[str, Cluster], cands: list[Token], speakers: list[Token]
) -> tuple[str, Token]:
    """The cluster key of a mention's head token, and the token that decided it."""
    rel = relative_head(tok)
    if rel is not None:
        tok = rel
    if tok.pos_ == "PRON" and tok.lower_ in mention_words("personal") | mention_words("plural"):
        ante = antecedent(tok, cands, tuple(speakers))
        if ante is None:
            return f"pron:{tok.i}", tok
        tok = ante
    ent = person_entity(tok)
    if ent is not None:
        return name_key(tok.doc, *ent), tok
    if tok.pos_ == "PROPN" and "per:" + tok.lower_ in clusters:  # a surname the tagger missed
        return "per:" + tok.lower_, tok
    title = title_match(tok, clusters)
    if title:
        return title, tok
    return noun_key(tok), tok


def title_match(tok: Token, clusters: dict[str, Cluster]) -> str | None:
    """ "the general": an earlier source described with that noun."""
    if not any(c.lower_ in ("the", "this") for c in tok.children if c.dep_ == "det"):
        return None
    word = tok.lemma_.lower()
    for key, cluster in clusters.items():
        for head in cluster.heads:
            if any(
                word == t.lemma_.lower()
                for d in appositions(head)
                for t in d
                if t.dep_ in ("appos", "conj", "attr")
            ):
                return key
    return None


def appositions(tok: Token) -> list[list[Token]]:
    """Each apposition of a noun, without nested appositions and clauses."""
    parts: list[list[Token]] = []
    for child in tok.children:
        if child.dep_ != "appos":
            continue
        heads = [child] + [c for c in child.children if c.dep_ == "conj"]
        for head in heads:
            cut = {
                t.i for c in head.children if c.dep_ in ("conj", "cc", "punct") for t in c.subtree
            }
            cut |= {
                t.i
                for d in head.subtree
                if d.i != head.i and d.dep_ in ("appos", "relcl")
                for t in d.subtree
            }
            parts.append([t for t in head.subtree if t.i not in cut])
    return parts


def copular_descriptions(tok: Token) -> list[list[Token]]:
    """ "Ali D. ... is an employee of the ministry": the attribute of a copula."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return []
    out = []
    for attr in tok.head.children:
        if attr.dep_ == "attr":
            cut = {
                t.i for c in attr.children if c.dep_ in ("acl", "relcl", "punct") for t in c.subtree
            }
            out.append([t for t in attr.subtree if t.i not in cut])
    return out


def text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].strip(" ,")


def classify(cluster: Cluster) -> tuple[str, str, str]:
    """(name, kind, named) of a cluster."""
    heads = [h for h in cluster.heads if h.pos_ != "PRON"]
    if not heads:
        first = cluster.heads[0]
        plural = first.lower_ in mention_words("plural")
        return first.text, ("people" if plural else "person"), "unnamed"
    doc = heads[0].doc
    people = [person_entity(h) for h in heads]
    names = [doc[s:e] for s, e in (p for p in people if p)]
    if names:
        best = max(names, key=len)
        words = [t.text for t in best]
        particle = words[0].lower() in mention_words("name_particles")  # "Abu Bakr" is partial
        partial = len(words) < 2 or is_initial(words[-1]) or (particle and len(words) < 3)
        return best.text, "person", "partial" if partial else "named"
    head = heads[0]
    lo, hi = core_span(head)
    name = doc[lo:hi].text
    lemma = head.lemma_.lower()
    core_words = {t.lower_ for t in doc[lo:hi]}
    if cluster.key.startswith("vague:"):
        kind = "unspecified"
    elif lemma in ("account", "post", "tweet", "video", "channel", "page", "feed"):
        kind = "social_media"
    else:
        kind = lexicon().source_kinds.get(lemma, "")
        if kind == "person" and head.tag_ in ("NNS", "NNPS"):
            kind = "people"
        if not kind:
            group = head.ent_type_ in labels.GROUPS
            kind = "organization" if group else "unspecified"
        if head.ent_type_ == "ORG" and core_words & lexicon().outlet_words:
            kind = "media_report"  # "Reuters reported", "The New York Post reports"
    named = "named" if head.pos_ == "PROPN" or head.ent_type_ == "ORG" else "unnamed"
    return name, kind, named


def describe(cluster: Cluster) -> tuple[list[str], str | None, str | None]:
    """Descriptors, affiliation and anonymity reason of a cluster."""
    descriptors: list[str] = []
    affiliation: str | None = None
    reason: str | None = None
    for head in cluster.heads:
        for tokens in appositions(head) + copular_descriptions(head):
            text = text_of(tokens)
            if text and text not in descriptors:
                descriptors.append(text)
            affiliation = affiliation or organisation_in(tokens)
        if reason is None:
            reason = anonymity_reason(head)
    heads = [h for h in cluster.heads if h.pos_ != "PRON" and person_entity(h) is None]
    if affiliation is None and heads:
        lo, hi = core_span(heads[0])
        affiliation = organisation_in([t for t in heads[0].doc[lo:hi] if t.i != heads[0].i])
    descriptors = [d for d in descriptors if not any(d != o and d in o for o in descriptors)]
    return descriptors, affiliation, reason


def organisation_in(tokens: list[Token]) -> str | None:
    """The first organisation named in some tokens: an ORG entity, or the proper
    noun after "of"/"in"/"at" ("secretary general of Kataib Hezbollah")."""
    for t in tokens:
        bounds = entity_bounds(t) if t.ent_type_ == "ORG" else None
        if bounds is not None:
            return re.sub(r"^(the|The) |[’']s$", "", t.doc[bounds[0] : bounds[1]].text)
    for t in tokens:
        if (
            t.dep_ == "pobj"
            and t.pos_ == "PROPN"
            and t.head.lower_ == "of"
            and t.ent_type_ not in labels.PLACES - {"FAC"}
        ):
            lo = min([c.i for c in t.children if c.dep_ == "compound"] + [t.i])
            return t.doc[lo : t.i + 1].text
    return None


def anonymity_reason(head: Token) -> str | None:
    """A reason for anonymity said of this mention: in its own phrase ("an official
    who spoke on condition of anonymity") or its clause ("said on condition of
    anonymity"), not in another subject's further on in the sentence."""
    sent = head.sent
    text = doc_text(head.doc)
    own = range(head.left_edge.i, head.right_edge.i + 1)
    others = [
        t
        for t in sent
        if t.dep_ in ("nsubj", "nsubjpass")
        and t.i > head.i
        and t.pos_ in ("NOUN", "PROPN")
        and t.i not in own
    ]
    for pattern in anonymity_patterns():
        match = pattern.search(text, head.idx, sent.end_char)
        if match and not any(o.left_edge.idx <= match.start() for o in others):
            return match.group(0).strip()
    return None


def cluster_mentions(doc: Doc, found: list[Found]) -> tuple[dict[str, Cluster], list[str | None]]:
    """Cluster every attribution's source mention; the key of each attribution."""
    quotes = find_quotes(doc_text(doc))
    cands = candidates(doc, quotes)
    clusters: dict[str, Cluster] = {}
    keys: list[str | None] = []
    speakers: list[Token] = []
    for f in found:
        if f.source_tok is None or f.source is None:
            keys.append(None)
            continue
        key, decided = key_of(f.source_tok, clusters, cands, speakers)
        if decided.pos_ != "PRON":
            speakers.append(decided)
        cluster = clusters.setdefault(key, Cluster(key))
        if decided.i != f.source_tok.i and all(h.i != decided.i for h in cluster.heads):
            lo, hi = core_span(decided)
            cluster.heads.append(decided)
            cluster.spans.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)))
        cluster.heads.append(f.source_tok)
        cluster.spans.append(f.source)
        keys.append(key)
    return clusters, keys


def person_names(doc: Doc) -> dict[str, list[Span]]:
    """The article's PERSON entities by name key: read once per article, not
    once per source (a long article has hundreds of both)."""
    names: dict[str, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            names.setdefault(name_key(doc, ent.start, ent.end), []).append(ent)
    return names


def name_mentions(cluster: Cluster, names: dict[str, list[Span]]) -> list[Offsets]:
    """Other places the same person is named (surname matches)."""
    if not cluster.key.startswith("per:"):
        return []
    return [(ent.start_char, ent.end_char) for ent in names.get(cluster.key, ())]


def is_source(cluster: Cluster) -> bool:
    """A person, group, organisation, named thing or known source noun -- not
    "things" or "it" in a quote, which only fill a verb's subject slot."""
    for head in cluster.heads:
        if head.pos_ == "PRON":
            if head.lower_ in mention_words("personal") | mention_words("plural"):
                return True
            continue
        if head.ent_type_ in labels.SPEAKERS or head.pos_ == "PROPN":
            return True
        if head.lemma_.lower() in lexicon().source_kinds or head.lower_ in lexicon().source_kinds:
            return True
    return False


def add_namesakes(cluster: Cluster, names: dict[str, list[Span]]) -> None:
    """Every place the article names the person ("Abu Karim, a commander ...")
    informs the display name, naming and descriptors, not just the cited one."""
    if not cluster.key.startswith("per:"):
        return
    known = {h.i for h in cluster.heads}
    for ent in names.get(cluster.key, ()):
        if ent.root.i not in known:
            cluster.heads.append(ent.root)
            known.add(ent.root.i)


def parents(found: list[Found]) -> list[int | None]:
    """For each attribution, the smallest other one whose content holds its cue
    (a report nested in another's account); ties go to the earlier one.

    Contents are sorted by start, and only those starting within the longest
    content's length before the cue are looked at: a long article's hundreds of
    attributions are not each compared with all the others."""
    order = sorted(range(len(found)), key=lambda j: found[j].content[0])
    starts = [found[j].content[0] for j in order]
    longest = max((f.content[1] - f.content[0] for f in found), default=0)
    out: list[int | None] = []
    for index, f in enumerate(found):
        anchor = f.cue[0] if f.cue else f.content[0]
        size = f.content[1] - f.content[0]
        best: tuple[int, int] | None = None  # (length, index)
        for k in range(bisect_left(starts, anchor - longest), bisect_right(starts, anchor)):
            j = order[k]
            g = found[j].content
            length = g[1] - g[0]
            if j == index or g == f.content or length <= size or not anchor < g[1]:
                continue
            if best is None or (length, j) < best:
                best = (length, j)
        out.append(best[1] if best is not None else None)
    return out


def own_outlet(cluster: Cluster, outlet: str | None) -> bool:
    """The article's own outlet speaking in its own voice is not a source."""
    if not outlet:
        return False
    plain = re.sub(r"^the ", "", outlet.lower()).strip()
    doc = cluster.heads[0].doc
    for head in cluster.heads:
        lo, hi = core_span(head)
        if re.sub(r"^the ", "", doc[lo:hi].text.lower()).strip() == plain:
            return True
    return False


def build_sources(
    doc: Doc, text: str, found: list[Found], outlet: str | None = None
) -> tuple[list[Source], list[Attribution]]:
    clusters, keys = cluster_mentions(doc, found)
    names = person_names(doc)
    ids: dict[str, str] = {}
    sources: list[Source] = []
    for key, cluster in clusters.items():
        if not is_source(cluster) or own_outlet(cluster, outlet):
            continue
        ids[key] = f"S{len(ids) + 1}"
        add_namesakes(cluster, names)
        name, kind, named = classify(cluster)
        descriptors, affiliation, reason = describe(cluster)
        spans = sorted(set(cluster.spans) | set(name_mentions(cluster, names)))
        sources.append(
            Source(
                id=ids[key],
                name=name,
                kind=kind,  # type: ignore[arg-type]
                named=named,  # type: ignore[arg-type]
                descriptors=descriptors,
                affiliation=affiliation,
                anonymity_reason=reason,
                mentions=[span_of(text, *s) for s in spans],
            )
        )
    attributions = []
    for n, (f, parent) in enumerate(zip(found, parents(found))):
        own = keys[n]
        attributions.append(
            Attribution(
                id=f"A{n + 1}",
                source=ids.get(own) if own else None,
                source_span=span_of(text, *f.source) if f.source else None,
                cue=span_of(text, *f.cue) if f.cue else None,
                content=span_of(text, *f.content),
                form=f.form,  # type: ignore[arg-type]
                parent=f"A{parent + 1}" if parent is not None else None,
            )
        )
    for a, f in zip(attributions, found):
        if f.copy_of is not None:
            a.source = attributions[f.copy_of].source
    return sources, attributions
