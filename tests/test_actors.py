"""The actor dictionary: canonical names, kinds, countries, user files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.extract.actors import actor_table, lookup_actor, words_of


@pytest.mark.parametrize(
    ("text", "name", "kind", "country"),
    [
        ("the Iraqi Hezbollah group", "Kata'ib Hezbollah", "political militia", "IQ"),
        ("Kataib Hezbollah", "Kata'ib Hezbollah", "political militia", "IQ"),
        ("Kata’ib Hezbollah", "Kata'ib Hezbollah", "political militia", "IQ"),
        ("Iraqi army", "Military Forces of Iraq", "state forces", "IQ"),
        ("the army of Nigeria", "Military Forces of Nigeria", "state forces", "NG"),
        ("Argentine police", "Police Forces of Argentina", "state forces", "AR"),
        ("Israel", "Government of Israel", "state forces", "IL"),
        ("Several Iraqi Shiite militias", "Militias (Iraq)", "political militia", "IQ"),
        ("The commander of the Iranian Quds Force", "Quds Force", "state forces", "IR"),
        ("al-Shabab fighters", "Al Shabaab", "rebels", "SO"),
    ],
)
def test_known_actors(text: str, name: str, kind: str, country: str) -> None:
    actor = lookup_actor(text)
    assert (actor.text, actor.name, actor.kind, actor.country) == (text, name, kind, country)


def test_head_word_beats_modifier() -> None:
    actor = lookup_actor("protesters inside Iran", core="protesters")
    assert (
        actor.kind == "protesters" and actor.country == "IR" and actor.name == "Protesters (Iran)"
    )


def test_unknown_person_keeps_text() -> None:
    actor = lookup_actor("Karim Haddad Noor")
    assert actor.name == "Karim Haddad Noor" and actor.kind is None


def test_every_country_has_three_institutions() -> None:
    table = actor_table()
    for words in (("nigerian", "police"), ("peruvian", "army"), ("government", "of", "fiji")):
        assert words in table.aliases, words


def test_user_file_extends_dictionary(tmp_path: Path) -> None:
    extra = tmp_path / "actors.jsonl"
    extra.write_text(
        json.dumps(
            {
                "name": "Kestrel Brigades",
                "aliases": ["Kestrel Brigades", "the Kestrels"],
                "kind": "identity militia",
                "country": "VA",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    actor = lookup_actor("the Kestrels", extra=(str(extra),))
    assert (actor.name, actor.kind, actor.country) == ("Kestrel Brigades", "identity militia", "VA")
    assert lookup_actor("the Kestrels").kind is None  # not without the file


def test_words_of_drops_article_and_unifies_quotes() -> None:
    assert words_of("The Kata’ib Hezbollah") == ("kata'ib", "hezbollah")
