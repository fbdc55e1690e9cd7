"""The entity labels of the spaCy English pipeline (OntoNotes 5), in named groups.

Labels are the model's tag set, not vocabulary: a user cannot extend them with
a file (the model never assigns a label it was not trained on), and the code
branches on each group. So they are constants, defined once here; a module
that needs a group minus some labels derives it from these and says why.
"""

from __future__ import annotations

PLACES = frozenset({"GPE", "LOC", "FAC"})
# Proper names of what is not a place. LANGUAGE ("Arabic") is left out: no
# extractor keeps or skips a name for being a language.
OTHER_NAMES = frozenset({"PERSON", "NORP", "ORG", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
NAMES = PLACES | OTHER_NAMES
# Counts and amounts, then with dates and times: the values NER marks.
NUMBERS = frozenset({"CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
VALUES = NUMBERS | {"DATE", "TIME"}
# Names of groups of people: organisations, nationalities and parties, states (a GPE
# speaks and acts for its government: "Iran said").
GROUPS = frozenset({"NORP", "ORG", "GPE"})
SPEAKERS = GROUPS | {"PERSON"}  # names that can be a source
