"""Actor dictionary: a noun phrase's text -> canonical name, ACLED actor kind, country.

The dictionary is data (`knowledge/actors.jsonl`, plus user files given with
`--actors FILE`): each record has a canonical `name`, `aliases`, a `kind`
(ACLED's actor types) and an ISO `country`. Lookup finds the longest alias
inside the phrase; a generic match ("protesters", "the army") takes its
country from a country name or adjective in the same phrase ("Iraqi militias").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsledger.knowledge import load_records, paths_of
from newsledger.knowledge.cache import cached, code_files
from newsledger.models import Actor

MAX_ALIAS_WORDS = 8
_WORD = re.compile(r"[\w][\w'\-.]*[\w]|[\w]", re.UNICODE)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class ActorEntry:
    name: str
    kind: str | None
    country: str | None
    generic: bool  # no country of its own: takes one from the phrase


@dataclass(frozen=True)
class ActorTable:
    aliases: dict[tuple[str, ...], ActorEntry]
    countries: dict[tuple[str, ...], tuple[str, str]]  # words -> (ISO, country name)


def _fold(word: str) -> str:
    """Lower case, except short all-capital acronyms: "CAR" and "WHO" are not "car" and "who"."""
    return word if word.isupper() and word.isalpha() and len(word) <= 4 else word.lower()


def words_of(text: str) -> tuple[str, ...]:
    """Folded words, apostrophes unified, a leading article dropped."""
    words = tuple(_fold(w) for w in _WORD.findall(text.translate(_QUOTES)))
    return words[1:] if words[:1] in (("the",), ("a",), ("an",)) else words


def _entry(record: dict[str, Any]) -> ActorEntry:
    country = record.get("country") or None
    return ActorEntry(
        name=str(record["name"]),
        kind=record.get("kind") or None,
        country=country,
        generic=country is None,
    )


def _with_singulars(aliases: list[str], generic: bool) -> list[str]:
    """Generic plural aliases also name one member ("protesters" -> "protester")."""
    if not generic:
        return aliases
    extra = [a[:-1] for a in aliases if a.endswith("s") and not a.endswith("ss") and len(a) > 4]
    return aliases + [a for a in extra if a not in aliases]


@lru_cache(maxsize=8)
def actor_table(extra: tuple[str, ...] = ()) -> ActorTable:
    """The merged dictionary, built once and then read from the knowledge cache
    (its 24,000 alias keys take far longer to build than to load)."""
    sources = [*paths_of("actors.jsonl", extra), *code_files(__name__, "newsledger.knowledge")]
    return cached("actors", sources, lambda: _plain(build_table(extra)), _restore)


def _plain(table: ActorTable) -> tuple[Any, ...]:
    """The table as plain data: entry rows, alias -> entry number, countries."""
    numbers: dict[ActorEntry, int] = {}
    aliases = {key: numbers.setdefault(entry, len(numbers)) for key, entry in table.aliases.items()}
    rows = tuple((e.name, e.kind, e.country, e.generic) for e in numbers)
    return rows, aliases, table.countries


def _restore(plain: tuple[Any, ...]) -> ActorTable:
    rows, aliases, countries = plain
    entries = [ActorEntry(*row) for row in rows]
    return ActorTable(
        aliases={key: entries[n] for key, n in aliases.items()}, countries=dict(countries)
    )


def build_table(extra: tuple[str, ...] = ()) -> ActorTable:
    """The merged dictionary from its files; user records (read last) override packaged aliases."""
    aliases: dict[tuple[str, ...], ActorEntry] = {}
    countries: dict[tuple[str, ...], tuple[str, str]] = {}
    for record in load_records("actors.jsonl", extra=extra):
        entry = _entry(record)
        for alias in _with_singulars([record["name"], *record.get("aliases", [])], entry.generic):
            key = words_of(str(alias))
            if key and len(key) <= MAX_ALIAS_WORDS:
                current = aliases.get(key)
                # A country-specific packaged entry beats a generic one on the same words.
                if current is None or not entry.generic or current.generic:
                    aliases[key] = entry
        for word in record.get("country_words", []):
            key = words_of(str(word))
            if key and entry.country:
                countries.setdefault(key, (entry.country, str(record["country_words"][0])))
    return ActorTable(aliases=aliases, countries=countries)


def _best_match(words: tuple[str, ...], table: ActorTable) -> ActorEntry | None:
    """The longest alias inside the words; specific entries beat generic ones."""
    best: tuple[int, int, ActorEntry] | None = None
    for size in range(min(MAX_ALIAS_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            entry = table.aliases.get(words[start : start + size])
            if entry is None:
                continue
            rank = (size + (2 if not entry.generic else 0), -start)
            if best is None or rank > best[:2]:
                best = (rank[0], rank[1], entry)
        if best is not None and best[0] >= size + 2:
            break
    return best[2] if best else None


def _country_in(words: tuple[str, ...], table: ActorTable) -> tuple[str, str] | None:
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            found = table.countries.get(words[start : start + size])
            if found:
                return found
    return None


def lookup_actor(text: str, extra: tuple[str, ...] = (), core: str | None = None) -> Actor:
    """An Actor for the phrase: canonical when the dictionary knows it, else as written.

    `core` is the phrase up to its head word ("protesters" of "protesters inside
    Iran"): an entry found there wins over one found only in the modifiers.
    """
    table = actor_table(extra)
    words = words_of(text)
    entry = _best_match(words_of(core), table) if core else None
    if entry is None:
        entry = _best_match(words, table)
    if entry is None:
        country = _country_in(words, table)
        return Actor(text=text, name=text, kind=None, country=country[0] if country else None)
    if not entry.generic:
        return Actor(text=text, name=entry.name, kind=entry.kind, country=entry.country)
    country = _country_in(words, table)
    if country is None:
        return Actor(text=text, name=entry.name, kind=entry.kind, country=None)
    return Actor(
        text=text, name=f"{entry.name} ({country[1]})", kind=entry.kind, country=country[0]
    )
