"""Reading ECB+ (Cybulska & Vossen 2014): texts rebuilt from tokens, gold event mentions and chains.

Each ``T/T_Necb.xml`` or ``T/T_Necbplus.xml`` holds one article as tokens
(``<token t_id sentence number>``), mentions under ``<Markables>`` anchored on
token ids, and chains under ``<Relations>`` (``CROSS_DOC_COREF`` with the
chain's instance id in ``note``; ``INTRA_DOC_COREF`` towards a markable of the
same document). The file name gives the gold incident: ``ecb`` is the topic's
first incident, ``ecbplus`` its second. Sentence 0 of an ``ecbplus`` file is
the page's URL, not text, and is skipped.

The text is rebuilt one sentence per line, tokens joined by a space except
before closing punctuation and after opening brackets, and every gold event
mention keeps the character offsets of its tokens in that text.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import EvalError

EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
_NAME = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
_NO_SPACE_BEFORE = frozenset(
    {
        ".",
        ",",
        ":",
        ";",
        "!",
        "?",
        ")",
        "]",
        "}",
        "%",
        "'s",
        "n't",
        "'",
        "''",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
        "-",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "-"})


@dataclass(frozen=True)
class GoldMention:
    doc: str  # file stem, e.g. "1_10ecb"
    m_id: str
    start: int  # character offsets in the rebuilt text
    end: int
    sentence: int
    chain: str  # gold chain id (a singleton's own id when in no chain)
    cross_doc: bool  # in a CROSS_DOC_COREF chain
    annotated: bool  # in a sentence the corpus lists as fully annotated


@dataclass(frozen=True)
class GoldDoc:
    name: str  # file stem
    topic: str
    incident: str  # "T/ecb" or "T/ecbplus"
    text: str
    mentions: tuple[GoldMention, ...]


def _join(tokens: list[tuple[str, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """One sentence's text, and each token id's character offsets in it."""
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    at = 0
    previous = ""
    for t_id, word in tokens:
        if parts and word not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            parts.append(" ")
            at += 1
        offsets[t_id] = (at, at + len(word))
        parts.append(word)
        at += len(word)
        previous = word
    return "".join(parts), offsets


def _text(root: ET.Element, skip_first: bool) -> tuple[str, dict[str, tuple[int, int, int]]]:
    sentences: dict[int, list[tuple[str, str]]] = {}
    for token in root.iter("token"):
        word = " ".join((token.text or "").split())
        if word:
            sentences.setdefault(int(token.get("sentence", "0")), []).append(
                (token.get("t_id", ""), word)
            )
    lines: list[str] = []
    where: dict[str, tuple[int, int, int]] = {}
    at = 0
    for number in sorted(sentences):
        if skip_first and number == 0:
            continue
        line, offsets = _join(sentences[number])
        for t_id, (s, e) in offsets.items():
            where[t_id] = (at + s, at + e, number)
        lines.append(line)
        at += len(line) + 1
    return "\n".join(lines), where


def _chains(root: ET.Element, stem: str) -> tuple[dict[str, str], set[str]]:
    """Markable id -> chain id, and the markables in a cross-document chain."""
    chain: dict[str, str] = {}
    cross: set[str] = set()
    relations = root.find("Relations")
    for relation in relations if relations is not None else ():
        if relation.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        target = relation.find("target")
        key = relation.get("note") if relation.tag == "CROSS_DOC_COREF" else None
        key = (
            key
            or f"intra:{stem}:{target.get('m_id') if target is not None else relation.get('r_id')}"
        )
        for source in relation.findall("source"):
            chain[source.get("m_id", "")] = key
            if relation.tag == "CROSS_DOC_COREF":
                cross.add(source.get("m_id", ""))
    return chain, cross


def read_doc(path: Path, annotated: set[tuple[str, int]]) -> GoldDoc:
    match = _NAME.match(path.name)
    if not match:
        raise EvalError(f"{path}: not an ECB+ file name (T_Necb.xml or T_Necbplus.xml)")
    topic, _, kind = match.groups()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalError(f"{path}: not readable as XML ({exc})") from exc
    text, where = _text(root, skip_first=kind == "ecbplus")
    stem = path.name[:-4]
    chain, cross = _chains(root, stem)
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [
            where[a.get("t_id", "")]
            for a in markable.findall("token_anchor")
            if a.get("t_id", "") in where
        ]
        if not markable.tag.startswith(EVENT_TAGS) or not anchors:
            continue
        m_id = markable.get("m_id", "")
        sentence = anchors[0][2]
        mentions.append(
            GoldMention(
                doc=stem,
                m_id=m_id,
                start=min(a[0] for a in anchors),
                end=max(a[1] for a in anchors),
                sentence=sentence,
                chain=chain.get(m_id, f"single:{stem}:{m_id}"),
                cross_doc=m_id in cross,
                annotated=(stem, sentence) in annotated,
            )
        )
    return GoldDoc(
        name=stem,
        topic=topic,
        incident=f"{topic}/{kind}",
        text=text,
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
    )


def annotated_sentences(folder: Path) -> set[tuple[str, int]]:
    """(file stem, sentence number) of the sentences listed as fully annotated."""
    path = folder / "ECBplus_coreference_sentences.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (f"{row['Topic']}_{row['File']}", int(row["Sentence Number"]))
            for row in csv.DictReader(handle)
            if row.get("Sentence Number", "").isdigit()
        }


def read_corpus(folder: Path, topics: set[str] | None = None) -> Iterator[GoldDoc]:
    """Every document of the corpus, by topic number then file name."""
    annotated = annotated_sentences(folder)
    root = folder / "ECB+" if (folder / "ECB+").is_dir() else folder
    paths = sorted(
        root.glob("*/*.xml"),
        key=lambda p: (int(p.parent.name) if p.parent.name.isdigit() else 0, p.name),
    )
    for path in paths:
        if topics is None or path.parent.name in topics:
            yield read_doc(path, annotated)
