"""ECB+ reading and scoring on small invented documents in the corpus's XML layout."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.eval.read_ecbplus import read_corpus

SENTENCES = {
    "ecb": [
        [
            "Gunmen",
            "attacked",
            "a",
            "checkpoint",
            "in",
            "Zubair",
            "on",
            "Sunday",
            ",",
            "killing",
            "three",
            "policemen",
            ".",
        ],
        ["Police", "closed", "the", "road", "(", "officials", "said", ")", "."],
    ],
    "ecbplus": [
        ["http", ":", "/", "/", "example", ".", "org"],
        ["Protesters", "blocked", "a", "bridge", "in", "Nasiriyah", "on", "Tuesday", "."],
    ],
}


def write_doc(folder: Path, topic: str, number: int, kind: str) -> None:
    """One document: tokens, two event markables (one chained across documents), one relation."""
    tokens, t_id = [], 0
    ids: list[list[int]] = []
    for s, words in enumerate(SENTENCES[kind]):
        ids.append([])
        for n, word in enumerate(words):
            t_id += 1
            ids[-1].append(t_id)
            tokens.append(f'<token t_id="{t_id}" sentence="{s}" number="{n}">{word}</token>')
    first = 1 if kind == "ecb" else 0  # the action word of the first text sentence
    action = ids[0][1] if kind == "ecb" else ids[1][1]
    other = ids[1][1] if kind == "ecb" else ids[1][3]
    chain = f"ACT{topic}{kind}"
    xml = (
        f'<Document doc_name="{topic}_{number}{kind}.xml">' + "".join(tokens) + "<Markables>"
        f'<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="{action}"/></ACTION_OCCURRENCE>'
        f'<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="{other}"/></ACTION_OCCURRENCE>'
        f'<HUMAN_PART_PER m_id="3"><token_anchor t_id="{ids[first][0]}"/></HUMAN_PART_PER>'
        f'<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="t" instance_id="{chain}"/></Markables>'
        f'<Relations><CROSS_DOC_COREF r_id="1" note="{chain}"><source m_id="1"/>'
        f'<target m_id="9"/></CROSS_DOC_COREF></Relations></Document>'
    )
    (folder / topic).mkdir(parents=True, exist_ok=True)
    (folder / topic / f"{topic}_{number}{kind}.xml").write_text(xml, encoding="utf-8")


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "ecbplus"
    for topic in ("1", "2"):
        for number in (1, 2):
            for kind in ("ecb", "ecbplus"):
                write_doc(root / "ECB+", topic, number, kind)
    (root / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n1,1ecb,0\n", encoding="utf-8"
    )
    return root


def test_texts_are_rebuilt_with_gold_offsets(tmp_path: Path) -> None:
    docs = list(read_corpus(corpus(tmp_path)))
    assert [d.name for d in docs[:2]] == ["1_1ecb", "1_1ecbplus"]
    ecb, plus = docs[0], docs[1]
    assert ecb.text.splitlines()[1] == "Police closed the road (officials said)."
    assert (
        plus.text == "Protesters blocked a bridge in Nasiriyah on Tuesday."
    )  # the URL line is gone
    assert [ecb.text[m.start : m.end] for m in ecb.mentions] == ["attacked", "closed"]
    assert [plus.text[m.start : m.end] for m in plus.mentions] == ["blocked", "bridge"]
    assert ecb.mentions[0].cross_doc and ecb.mentions[0].chain == "ACT1ecb"
    assert not ecb.mentions[1].cross_doc and ecb.mentions[1].chain.startswith("single:")
    assert ecb.mentions[0].annotated and not ecb.mentions[1].annotated
    assert (ecb.incident, plus.incident) == ("1/ecb", "1/ecbplus")


def test_eval_ecbplus_scores_through_the_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "ecbplus", "--data", str(corpus(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "report pairs F1" in result.output and "CoNLL F1" in result.output
    assert "8 items scored" in result.output


def test_eval_ecbplus_skips_without_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "ecbplus", "--data", str(tmp_path / "absent")])
    assert result.exit_code == 0 and "skipped" in result.output
