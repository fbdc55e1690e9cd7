"""`newsledger eval articles`: HTML body extraction against the article-extraction benchmark.

The benchmark (scrapinghub/article-extraction-benchmark, 181 news pages) gives
`html/<id>.html.gz` and `ground-truth.json` ({id: {"articleBody": ...}}). We run
each page through the same HTML reader `newsledger analyze` uses
(`ingest.html.document_from_html`) and score the body as the benchmark does:

- shingles: every run of 4 consecutive ``\\w+`` tokens, counted as a multiset;
  per page, TP/FP/FN are normalised to sum to 1 (so long pages do not weigh
  more), then summed over pages; P = TP/(TP+FP), R = TP/(TP+FN). This is the
  figure trafilatura publishes (F1 0.958).
- tokens: the same with single tokens (bag of words), for reference.

A page our reader refuses (no text found) scores as an empty prediction.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.errors import EvalError, InputError
from newsledger.eval import EvalConfig, EvalReport, Metric, by_part, prf, require
from newsledger.eval.split import split

DEFAULT_DATA = Path("../shared/datasets/article-extraction-benchmark")
PUBLISHED_F1 = "trafilatura 95.8"
TARGET_F1 = 94.0
_TOKEN = re.compile(r"\w+", re.UNICODE)
DATASET = "article-extraction-benchmark"  # the split's name for this set (never change it)


@dataclass
class Tally:
    """Sums of per-page normalised true/false positives and false negatives."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def add(self, true: Counter[tuple[str, ...]], pred: Counter[tuple[str, ...]]) -> None:
        tp = sum((true & pred).values())
        fp = sum((pred - true).values())
        fn = sum((true - pred).values())
        total = tp + fp + fn
        if total:
            self.tp += tp / total
            self.fp += fp / total
            self.fn += fn / total

    def scores(self) -> tuple[float, float, float]:
        return prf(self.tp, self.tp + self.fp, self.tp + self.fn)


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """Multiset of n-token runs (the benchmark keeps one short run for short texts)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def load_items(root: Path) -> Iterator[tuple[str, str, bytes]]:
    """(page id, gold body, gzipped HTML bytes) sorted by id."""
    truth_path = root / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(f"{truth_path}: cannot read ground truth ({exc})") from exc
    for page_id in sorted(truth):
        path = root / "html" / f"{page_id}.html.gz"
        if path.exists():
            yield (
                page_id,
                truth[page_id].get("articleBody") or "",
                gzip.decompress(path.read_bytes()),
            )


def extract_body(data: bytes, origin: str) -> str:
    """The body text our HTML reader gives, or "" when it refuses the page."""
    from newsledger.ingest.decode import decode_bytes
    from newsledger.ingest.html import document_from_html

    try:
        return document_from_html(decode_bytes(data, origin), origin).text
    except InputError:
        return ""


Page = tuple[str, str, str]  # (page id, gold body, extracted body)


def page_key(page: Page) -> str:
    """The split key: the benchmark's page id."""
    return page[0]


def tallies(pages: list[Page]) -> tuple[Tally, Tally]:
    """Shingle and token tallies of some pages."""
    shingle, token = Tally(), Tally()
    for _page_id, gold, predicted in pages:
        shingle.add(shingles(gold, 4), shingles(predicted, 4))
        token.add(shingles(gold, 1), shingles(predicted, 1))
    return shingle, token


def metrics(pages: list[Page]) -> list[Metric]:
    shingle, token = tallies(pages)
    return [
        Metric("Body F1 (shingles)", shingle.scores()[2], TARGET_F1, PUBLISHED_F1),
        Metric("Body F1 (tokens)", token.scores()[2]),
    ]


def run(config: EvalConfig) -> EvalReport:
    root = require(config.data or DEFAULT_DATA, "article-extraction-benchmark")
    pages: list[Page] = []
    for page_id, gold, data in load_items(root):
        if config.limit is not None and len(pages) >= config.limit:
            break
        pages.append((page_id, gold, extract_body(data, page_id)))
    if not pages:
        raise EvalError(f"{root}: no pages found (expected html/*.html.gz and ground-truth.json)")
    tune, check = split(DATASET, pages, page_key)
    shingle, token = tallies(check)
    report = EvalReport(dataset="article-extraction-benchmark", items=len(pages))
    report.prf["body (4-gram shingles)"] = shingle.scores()
    report.prf["body (tokens)"] = token.scores()
    report.metrics = by_part(DATASET, pages, page_key, metrics)
    report.notes.append(
        f"check part: {len(check)} pages, tune part: {len(tune)} (split by page id); "
        "the P/R/F1 table is the check part's"
    )
    report.notes.append(f"{sum(not p[2] for p in pages)} page(s) gave no text")
    return report
