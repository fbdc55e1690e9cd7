"""`make train-events`: learn which trigger matches are events, and of which PLOVER type.

Examples come from the shared event sets, each read by its eval loader, parsed
by the default pipeline and run through the same extractors as `analyze`, so a
candidate's features here are those it has at run time:
- PLOVER gold sentences: the candidate under the gold event words (the `(EVT: ...)`
  markup) is an event of the gold type, every other candidate in the sentence is
  NONE (the set codes one event per sentence);
- ACLED notes (one event each): the first candidate of the gold event's PLOVER
  type is that event; other candidates with an ACLED category are NONE;
- CASE 2021 snippets: the first candidate of the PLOVER type of the gold ACLED
  sub-event is an event of that type (snippets may tell of more than one event,
  so the other candidates are left unlabelled).

The model is a multinomial logistic regression (scikit-learn, lbfgs, L2, fixed
settings: deterministic). It is written to `knowledge/event_model.json`; run time
reads the weights with no scikit-learn.

A second model of the same kind reads the ACLED sub-event type of an event from
its sentence's words and the ACLED cue rules' own reading, learned from the CASE
2021 snippets and ACLED notes (`knowledge/acled_model.json`). It is shipped only
when it beats the rules cross-validated on the CASE 2021 tune part; so far it
does not (the rules' own reading is its strongest feature), so the rules decide.

    python -m newsledger.train.events ../shared/datasets [--out PATH]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import DataMissing
from newsledger.eval import EvalConfig, score_acled, score_case2021, score_plover
from newsledger.eval.split import FOLDS, fold_of, part_of
from newsledger.extract import Options, context_of
from newsledger.extract.events import Candidate, propose
from newsledger.extract.events.classifier import (
    ACLED_MODEL_FILE,
    MODEL_FILE,
    NONE,
    EventModel,
    acled_sub_event,
    event_acled_features,
)
from newsledger.ingest import Document
from newsledger.knowledge import PACKAGE_DIR
from newsledger.nlp.pipeline import load_pipeline, parse

C = 0.3  # inverse L2 strength } both chosen on the PLOVER tune part only, by cross-validation
THRESHOLD = 0.6  # NONE probability } (C 0.1-1, threshold 0.5-0.9; see README)
ACLED_C = 1.0  # the sub-event model's: C 0.3-10 measured alike on the CASE 2021 tune part
EVT = re.compile(r"\(EVT:\s*([^)]*)\)")

# ACLED sub-event (CASE 2021 label) -> the PLOVER type of the event that carries it.
CASE_TYPES: dict[str, str] = {
    **dict.fromkeys(
        [
            "ARMED_CLASH",
            "ATTACK",
            "AIR_STRIKE",
            "ART_MISS_ATTACK",
            "SUIC_BOMB",
            "REM_EXPLOS",
            "GRENADE",
            "CHEM_WEAP",
            "SEX_VIOL",
            "MOB_VIOL",
            "GOV_REGAINS_TERIT",
            "NON_STATE_ACTOR_OVERTAKES_TER",
        ],
        "ASSAULT",
    ),
    **dict.fromkeys(["PEACE_PROTEST", "PROTEST_WITH_INTER", "VIOL_DEMONSTR"], "PROTEST"),
    **dict.fromkeys(
        ["FORCE_AGAINST_PROTEST", "ARREST", "ABDUCT_DISSAP", "PROPERTY_DISTRUCT", "DISR_WEAP"],
        "COERCE",
    ),
    "AGREEMENT": "AGREE",
    "HQ_ESTABLISHED": "MOBILIZE",
    "CHANGE_TO_GROUP_ACT": "MOBILIZE",
    "NON_VIOL_TERRIT_TRANSFER": "RETREAT",
}
ACLED_TYPES = {
    "Peaceful protest": "PROTEST",
    "Protest with intervention": "PROTEST",
    "Excessive force against protesters": "COERCE",
    "Violent demonstration": "PROTEST",
    "Mob violence": "ASSAULT",
    "Looting/property destruction": "COERCE",
}


@dataclass(frozen=True)
class Example:
    dataset: str
    key: str  # the gold item's id: folds keep an item's candidates together
    features: list[str]
    label: str


@dataclass(frozen=True)
class GoldText:
    dataset: str
    key: str
    text: str
    published: str | None
    gold_type: str
    gold_words: tuple[str, ...]  # the event words, where the set marks them
    gold_sub: str | None = None  # the ACLED sub-event type, where the set gives one


def candidates_of(texts: Sequence[GoldText], model: str | None = None) -> list[list[Candidate]]:
    """Every text's trigger candidates, from the same extractors as `analyze` (rules only)."""
    nlp = load_pipeline(model)
    options = Options(event_model="rules", span_tagger=False)
    found = []
    for doc, item in parse(nlp, ((t.text, t) for t in texts), batch_size=64):
        document = Document(
            text=item.text, origin=f"{item.dataset}:{item.key}", published=item.published
        )
        found.append(propose(context_of(doc, document, item.published, options)))
    return found


def _overlaps(candidate: Candidate, ranges: list[tuple[int, int]]) -> bool:
    trigger = candidate.item.event.trigger
    return any(start < trigger.end and trigger.start < end for start, end in ranges)


def _word_ranges(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    ranges = []
    lower = text.lower()
    for phrase in words:
        for word in phrase.lower().split():
            at = lower.find(word)
            if at >= 0 and len(word) > 2:
                ranges.append((at, at + len(word)))
    return ranges


def label(item: GoldText, candidates: list[Candidate]) -> list[Example]:
    """The labelled examples of one gold text (see the module doc for each set's rule)."""

    def example(candidate: Candidate, name: str) -> Example:
        return Example(item.dataset, item.key, candidate.features, name)

    if item.dataset == "plover":
        ranges = _word_ranges(item.text, item.gold_words)
        hit = next((c for c in candidates if _overlaps(c, ranges)), None)
        hit = hit or next((c for c in candidates if c.rule_type == item.gold_type), None)
        return [example(c, item.gold_type if c is hit else NONE) for c in candidates]
    hit = next((c for c in candidates if c.rule_type == item.gold_type), None)
    if item.dataset == "acled":
        return [
            example(c, item.gold_type if c is hit else NONE)
            for c in candidates
            if c is hit or c.item.event.acled is not None
        ]
    return [example(hit, item.gold_type)] if hit is not None else []


def plover_texts(path: Path) -> list[GoldText]:
    records = json.loads(path.read_text(encoding="utf-8"))
    markup = {str(r.get("id")): str((r.get("textInfo") or {}).get("markup") or "") for r in records}
    return [
        GoldText("plover", key, text, None, gold, tuple(EVT.findall(markup.get(key, ""))))
        for key, text, gold, _ in score_plover.read_items(path)
    ]


def case_texts(path: Path) -> list[GoldText]:
    reverse = {v: k for k, v in score_case2021.LABELS.items()}
    texts = []
    for key, text, sub in score_case2021.read_items(path):
        plover = CASE_TYPES.get(reverse.get(sub, ""))
        if plover is not None:
            texts.append(GoldText("case2021", key, text, None, plover, (), sub))
    return texts


def acled_texts(path: Path) -> list[GoldText]:
    return [
        GoldText(
            "acled",
            row.id,
            row.notes,
            row.published,
            ACLED_TYPES[row.sub_event_type],
            (),
            row.sub_event_type,
        )
        for row in score_acled.read_rows(path)
        if row.sub_event_type in ACLED_TYPES
    ]


def gold_texts(datasets: Path) -> list[GoldText]:
    """Every shared event set's texts that are present (absent sets are skipped)."""
    loaders = [
        (plover_texts, score_plover.data_file, "plover-gsr"),
        (case_texts, score_case2021.data_file, "case2021-task2"),
        (acled_texts, score_acled.data_file, "acled-sample"),
    ]
    texts: list[GoldText] = []
    for read, locate, folder in loaders:
        try:
            texts += read(locate(EvalConfig(data=datasets / folder)))
        except DataMissing:
            continue
    return texts


def examples_of(texts: Sequence[GoldText], candidates: Sequence[list[Candidate]]) -> list[Example]:
    """The event model's labelled examples, from each text's candidates (`candidates_of`)."""
    return [example for item, found in zip(texts, candidates) for example in label(item, found)]


def acled_examples_of(
    texts: Sequence[GoldText], candidates: Sequence[list[Candidate]]
) -> list[Example]:
    """The first ACLED-typed trigger match of each text with a gold sub-event type, as the
    rules read it before the paragraph's protest refinement (which runs after the model),
    labelled with the gold sub-event type."""
    found = []
    for item, matches in zip(texts, candidates):
        event = next((c.item.event for c in matches if c.item.event.acled is not None), None)
        if event is None or event.acled is None or item.gold_sub is None:
            continue
        feats = event_acled_features(event, item.text)
        found.append(Example(item.dataset, item.key, feats, item.gold_sub))
    return found


def sub_event_check(subs: Sequence[Example]) -> tuple[float, float]:
    """Weighted F1 of the learned sub-event model and of the rules it learns beside, over the
    CASE 2021 tune part, each snippet predicted by a model trained without its fold."""
    from newsledger.eval.eventsets import weighted_f1

    gold: list[str] = []
    learned: list[str | None] = []
    rules: list[str | None] = []
    for fold in range(FOLDS):
        held = [
            e
            for e in subs
            if e.dataset == "case2021"
            and fold_of("case2021", e.key) == fold
            and part_of("case2021", e.key) == "tune"
        ]
        if not held:
            continue
        model = fit([e for e in subs if e not in held], c=ACLED_C)
        for example in held:
            gold.append(example.label)
            learned.append(acled_sub_event(model, example.features, ""))
            rules.append(
                next(f.split("=", 1)[1] for f in example.features if f.startswith("rule0="))
            )
    return weighted_f1(gold, learned), weighted_f1(gold, rules)


def fit(examples: Sequence[Example], c: float = C, threshold: float = THRESHOLD) -> EventModel:
    """A multinomial logistic regression over the examples' features."""
    from sklearn.feature_extraction import DictVectorizer  # training only: analyze never imports it
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    labels = [e.label for e in examples]
    classifier = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
    classifier.fit(matrix, labels)
    classes = tuple(str(k) for k in classifier.classes_)
    names = vectorizer.get_feature_names_out()
    coef = classifier.coef_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second's margin
        coef = [[-w / 2 for w in coef[0]], [w / 2 for w in coef[0]]]
        bias: tuple[float, ...] = (-classifier.intercept_[0] / 2, classifier.intercept_[0] / 2)
    else:
        bias = tuple(float(b) for b in classifier.intercept_)
    index = {str(name): n for n, name in enumerate(names)}
    weights = tuple(
        tuple(float(coef[k][n]) for k in range(len(classes))) for n in range(len(names))
    )
    return EventModel(
        classes=classes,
        index=index,
        weights=weights,
        bias=tuple(float(b) for b in bias),
        threshold=threshold,
    )


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m newsledger.train.events DATASETS_DIR [--out PATH]", file=sys.stderr)
        return 2
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else PACKAGE_DIR / MODEL_FILE
    texts = gold_texts(Path(argv[0]))
    if not texts:
        print(f"skipped: no event data sets under {argv[0]}", file=sys.stderr)
        return 0
    candidates = candidates_of(texts)
    examples = examples_of(texts, candidates)
    model = fit(examples)
    out.write_text(
        json.dumps(model.to_dict(), sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    subs = acled_examples_of(texts, candidates)
    acled_out = out.with_name(ACLED_MODEL_FILE)
    learned, rules = sub_event_check(subs)
    print(
        f"ACLED sub-event weighted F1, CASE 2021 tune part, 5-fold: learned {learned:.1f}, rules "
        f"{rules:.1f}"
    )
    if learned > rules:
        acled_out.write_text(
            json.dumps(fit(subs, c=ACLED_C).to_dict(), sort_keys=True, separators=(",", ":"))
            + "\n",
            encoding="utf-8",
        )
        print(f"{len(subs)} ACLED sub-event examples -> {acled_out}")
    else:
        acled_out.unlink(missing_ok=True)
        print(
            f"the learned sub-event model does not beat the rules: not shipped ({acled_out} "
            f"removed)"
        )
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.label] = counts.get(e.label, 0) + 1
    print(f"{len(texts)} texts, {len(examples)} examples, {len(model.index)} features -> {out}")
    print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
