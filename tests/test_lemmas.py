"""newsledger's pipeline gives spaCy's own lemmas, from set-indexed word lists."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from newsledger.nlp.lemmas import INDEX_TABLE, index_lemmas_as_sets
from newsledger.nlp.pipeline import DEFAULT_MODEL

# Invented text with inflected nouns, verbs and adjectives, and unusual forms
# (not in the word lists) that send the lemmatizer through its rules.
TEXT = (
    "Militiamen fired rockets at the barracks on Tuesday, and the ministries denied "
    "that soldiers had looted the villages. Witnesses said the fighters were retreating "
    "toward the hills; the larger convoys had been ambushed, officials reported. "
    "The blorfing zarkers quibbled and flizzed wronger than the snorkiest grumbles."
)


def lemmas(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.pos_, t.lemma_) for t in nlp(text)]


def rule_lemmatizer(nlp: Language) -> Lemmatizer:
    pipe = nlp.get_pipe("lemmatizer")
    assert isinstance(pipe, Lemmatizer) and pipe.mode == "rule"
    return pipe


def test_the_pipeline_indexes_lemmas_in_sets(nlp: Any) -> None:
    table = rule_lemmatizer(nlp).lookups.get_table(INDEX_TABLE)
    assert len(table) > 0
    assert all(isinstance(words, frozenset) for words in table.values())


def test_lemmas_are_those_of_stock_spacy(nlp: Any) -> None:
    stock = spacy.load(DEFAULT_MODEL)  # as spaCy loads it, without newsledger's changes
    stock_table = rule_lemmatizer(stock).lookups.get_table(INDEX_TABLE)
    assert all(isinstance(words, list) for words in stock_table.values())
    expected = lemmas(stock, TEXT)
    assert lemmas(nlp, TEXT) == expected
    # The same stock pipeline, converted: the same lemmas (a fresh cache each time).
    index_lemmas_as_sets(stock)
    rule_lemmatizer(stock).cache.clear()
    assert all(isinstance(words, frozenset) for words in stock_table.values())
    assert lemmas(stock, TEXT) == expected
    assert any(text != lemma for text, _, lemma in expected)  # some words were inflected


def test_converting_twice_changes_nothing(nlp: Any) -> None:
    table = rule_lemmatizer(nlp).lookups.get_table(INDEX_TABLE)
    before = {key: table[key] for key in table}
    index_lemmas_as_sets(nlp)
    assert {key: table[key] for key in table} == before
