"""`newsledger analyze` on every input kind and every bad input, through the CLI.

Each bad input runs between two good articles: the run must print one clean
error line naming the input and the reason on stderr, still analyse and print
both good articles, and exit with status 2 at the end. No traceback, ever.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsledger.cli  # noqa: F401  (registers the commands)
from newsledger.cli.common import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"
GOOD = [str(INPUTS / "good-kirkuk.txt"), str(INPUTS / "good-sahel.txt")]
GOOD_TITLES = [
    "Police say gunmen attacked a checkpoint near Kirkuk",
    "Curfew extended in Mopti after market attack",
]
runner = CliRunner()


@dataclass
class Run:
    code: int
    analyses: list[dict[str, Any]]
    errors: list[str]
    output: str


def run(
    args: list[str], *, stdin: bytes | str | None = None, env: dict[str, str] | None = None
) -> Run:
    result = runner.invoke(app, ["analyze", *args, "--format", "jsonl"], input=stdin, env=env)
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in output
    analyses = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    return Run(result.exit_code, analyses, errors, output)


def spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every {start, end, text} object anywhere in an analysis."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int):
            yield value
        for item in value.values():
            yield from spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans(item)


def assert_offsets(analysis: dict[str, Any]) -> None:
    text = analysis["article"]["text"]
    for span in spans({k: v for k, v in analysis.items() if k != "article"}):
        assert text[span["start"] : span["end"]] == span["text"], span


def assert_bad_between_good(
    bad: Path | str,
    reason: str,
    *,
    extra_errors: int = 0,
    articles: int = 2,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Run:
    result = run([GOOD[0], str(bad), GOOD[1], *args], env=env)
    assert result.code == 2, result.output
    assert len(result.analyses) == articles, result.output
    assert [a["article"]["title"] for a in (result.analyses[0], result.analyses[-1])] == GOOD_TITLES
    assert len(result.errors) == 1 + extra_errors, result.errors
    line = result.errors[0]
    assert str(bad) in line and reason in line, line
    return result


# --- good inputs ---------------------------------------------------------------------


def test_every_example_is_analysed_with_metadata_and_stable_offsets(nlp: Any) -> None:
    result = run([str(EXAMPLES)])
    assert result.code == 0 and not result.errors, result.output
    by_title = {a["article"]["title"]: a for a in result.analyses}
    assert len(result.analyses) == 10
    html = by_title["Ministry denies shelling reports near Tal Abyad as families flee"]["article"]
    assert (html["outlet"], html["author"], html["published"], html["published_source"]) == (
        "Euphrates Daily",
        "Rania Khoury",
        "2026-02-18",
        "metadata",
    )
    wire = by_title[
        "Iraqi militia steps up recruitment in Diyala as fighters cross into Syria, officials say"
    ]
    assert wire["article"]["outlet"] == "Tigris Wire Service"
    feature = by_title["At the river crossing where the buses no longer stop"]["article"]
    assert (feature["outlet"], feature["author"]) == ("The Sahel Chronicle", "Aminata Traoré")
    for analysis in result.analyses:
        assert analysis["article"]["text"] and analysis["entities"]
        assert_offsets(analysis)


def test_directory_files_in_path_order_others_ignored(tmp_path: Path, nlp: Any) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(
        "Second\n\nTroops withdrew from Gao on Monday, officials said."
    )
    (tmp_path / "a.txt").write_text("First\n\nProtesters gathered in Sweida on Tuesday.")
    (tmp_path / "c.jsonl").write_text(
        '{"title": "Third", "text": "Shelling resumed near Hodeidah."}\n'
    )
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / ".cache.txt").write_text("Hidden\n\nNot an article.")
    result = run([str(tmp_path)])
    assert result.code == 0 and not result.errors
    assert [a["article"]["title"] for a in result.analyses] == ["First", "Second", "Third"]


def test_standard_input(nlp: Any) -> None:
    result = run(
        ["-"],
        stdin="Flood in Basra\n\nFloods killed four people in Basra on Monday, officials said.\n",
    )
    assert result.code == 0 and result.analyses[0]["article"]["title"] == "Flood in Basra"
    html = (
        "<html><body><article><p>"
        + "Police dispersed a protest in Tunis on Friday, witnesses said. " * 5
    )
    result = run(["-"], stdin=html + "</p></article></body></html>")
    assert result.code == 0 and "Tunis" in result.analyses[0]["article"]["text"]


def test_standard_input_that_is_binary(nlp: Any) -> None:
    result = run(["-", GOOD[0]], stdin=(INPUTS / "image-as-text.txt").read_bytes())
    assert result.code == 2 and len(result.analyses) == 1
    assert result.errors == ["error: <stdin>: binary data (a PNG image), not text"]


@pytest.mark.parametrize(
    "name,needle",
    [
        ("latin1-cafe.txt", "Señor José Muñoz"),
        ("cp1252-quotes.txt", "\u201cWe are staying indoors,\u201d said Aïcha Maïga"),
        ("utf16-bom.txt", "said Muñoz, the café owner"),
        ("utf16le-nobom.txt", "said Muñoz, the café owner"),
        ("utf16be-nobom.txt", "said Muñoz, the café owner"),
        ("latin1-page.html", "Ahmed Muñoz"),
        ("unclosed-paragraphs.html", "The toll could not be confirmed."),
    ],
)
def test_other_encodings_and_broken_html_are_read_not_rejected(
    name: str, needle: str, nlp: Any
) -> None:
    result = run([GOOD[0], str(INPUTS / name), GOOD[1]])
    assert result.code == 0 and not result.errors, result.output
    assert len(result.analyses) == 3
    assert needle in result.analyses[1]["article"]["text"]
    assert_offsets(result.analyses[1])


# --- bad inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,reason",
    [
        ("image-as-text.txt", "binary data (a PNG image), not text"),
        ("empty.txt", "empty input"),
        ("whitespace.txt", "only whitespace"),
        ("garbage.html", "no article text found in the HTML"),
        ("truncated.json", "invalid JSON at line 1 column"),
        ("wrong-shape.json", "expected a JSON object, found str"),
        ("feed-no-entries.xml", "feed has no entries"),
        ("feed-malformed.xml", "malformed feed"),
    ],
)
def test_bad_input_file(name: str, reason: str, nlp: Any) -> None:
    assert_bad_between_good(INPUTS / name, reason)


def test_jsonl_with_one_bad_line(nlp: Any) -> None:
    result = assert_bad_between_good(INPUTS / "one-bad-line.jsonl", "invalid JSON", articles=4)
    assert result.errors[0].startswith(f"error: {INPUTS / 'one-bad-line.jsonl'}:2: ")
    assert [a["article"]["title"] for a in result.analyses[1:3]] == [
        "Strike on depot",
        "Protest in Sweida",
    ]


def test_json_list_of_the_wrong_shape_names_each_item(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"text": "Troops withdrew from Kidal on Monday."}, 42]')
    result = assert_bad_between_good(path, "expected a JSON object, found int", articles=3)
    assert f"{path}[2]" in result.errors[0]


def make_warc(pages: list[tuple[str, bytes, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, payload, content_type in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=http
        )
        writer.write_record(record)
        record.raw_stream.close()
    return out.getvalue()


def page(place: str) -> bytes:
    body = f"Dockers at the port of {place} stopped work on Monday, union officials said. " * 6
    head = f"<html><head><title>Strike in {place}</title></head>"
    return f"{head}<body><article><p>{body}</p></article></body></html>".encode()


def test_warc_gz_is_analysed(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        make_warc(
            [
                ("https://a.example/aden", page("Aden"), "text/html"),
                ("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
                ("https://a.example/mukalla", page("Mukalla"), "text/html; charset=utf-8"),
            ]
        )
    )
    result = run([str(path)])
    assert result.code == 0 and not result.errors
    assert [a["article"]["url"] for a in result.analyses] == [
        "https://a.example/aden",
        "https://a.example/mukalla",
    ]


def test_truncated_warc_gz(tmp_path: Path, nlp: Any) -> None:
    whole = make_warc([("https://a.example/aden", page("Aden"), "text/html")])
    cut = make_warc([("https://a.example/mukalla", page("Mukalla") * 4, "text/html")])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole + cut[: len(cut) * 2 // 3])
    result = assert_bad_between_good(path, "truncated or malformed WARC", articles=3)
    assert result.analyses[1]["article"]["url"] == "https://a.example/aden"


def test_warc_without_html_records(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "images.warc.gz"
    path.write_bytes(make_warc([("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")]))
    assert_bad_between_good(path, "no HTML records")


def test_gzip_that_is_not_a_warc(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(gzip.compress(b"just some notes"))
    assert_bad_between_good(path, "not a WARC archive")


def big_file(tmp_path: Path, size: int = 200 * 1024 * 1024) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: instant, and no memory or disk used
    return path


def test_200_mb_text_file_is_refused_before_reading(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big_file(tmp_path)

    def no_read(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    assert_bad_between_good(path, "209,715,200 bytes is above the size limit of 52,428,800 bytes")


def test_max_bytes_option_and_environment(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Clashes in Tripoli\n\n" + "Fighting resumed in Tripoli on Monday, residents said. " * 40
    )
    assert_bad_between_good(
        path, "above the size limit of 1,000 bytes", args=("--max-bytes", "1000")
    )
    assert_bad_between_good(
        path, "above the size limit of 1,000 bytes", env={"NEWSLEDGER_MAX_BYTES": "1000"}
    )
    result = run([str(path)], env={"NEWSLEDGER_MAX_BYTES": "1000000"})
    assert result.code == 0 and len(result.analyses) == 1


def test_missing_file_unknown_extension_and_empty_directory(tmp_path: Path, nlp: Any) -> None:
    assert_bad_between_good(tmp_path / "nowhere.txt", "no such file or directory")
    odd = tmp_path / "report.docx"
    odd.write_bytes(b"PK\x03\x04")
    assert_bad_between_good(odd, "unknown input format '.docx'")
    (tmp_path / "empty").mkdir()
    assert_bad_between_good(tmp_path / "empty", "no readable input files")


def test_many_bad_inputs_in_one_run(nlp: Any) -> None:
    bad = [
        "empty.txt",
        "image-as-text.txt",
        "truncated.json",
        "feed-no-entries.xml",
        "garbage.html",
    ]
    result = run([GOOD[0], *(str(INPUTS / name) for name in bad), GOOD[1]])
    assert result.code == 2 and len(result.analyses) == 2 and len(result.errors) == len(bad)
    for name, line in zip(bad, result.errors):
        assert line.startswith(f"error: {INPUTS / name}: ")


# --- hostile text -------------------------------------------------------------------------

HOSTILE: dict[str, Callable[[], bytes]] = {
    "nul bytes": lambda: (
        "Shelling in Idlib\n\nShelling\x00 hit Idlib on Monday,\x00 residents said. " * 5
    ).encode(),
    "long line": lambda: (
        "Curfew in Gao. " + "Soldiers patrolled the market in Gao on Friday, a trader said. " * 200
    ).encode(),
    "giant token": lambda: (
        "Leak in Basra\n\nThe file was named " + "x" * 20_000 + " by the ministry."
    ).encode(),
    "mixed line ends": lambda: (
        b"Protest in Tunis\r\n\r\nPolice said\r200 people marched.\nWitnesses said\r\nmore.\r"
    ),
    "zero width": lambda: (
        "Strike on Aden\n\nA drone\u200b struck Aden\u200d port on\u2060 Monday, "
        "officials\ufeff said."
    ).encode(),
    "rtl marks": lambda: (
        "Clashes in Raqqa\n\n\u200fOfficials in \u202bالرقة\u202c (Raqqa) said\u200e 3 people died "
        "on Monday, \u2067witnesses\u2069 said."
    ).encode(),
    "only symbols": lambda: "\u200b\u200f\u202e…—•".encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_analysed_or_cleanly_refused(name: str, tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(HOSTILE[name]())
    result = run([GOOD[0], str(path), GOOD[1]])
    assert len(result.analyses) + len(result.errors) == 3, result.output
    assert result.code == (2 if result.errors else 0)
    if result.errors:
        assert str(path) in result.errors[0]
    for analysis in result.analyses:
        assert_offsets(analysis)
        assert (
            "\x00" not in analysis["article"]["text"]
            and "\u200b" not in analysis["article"]["text"]
        )


@pytest.mark.slow  # whole processes of the installed command
def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "newsledger"
    if not exe.exists():
        pytest.skip("console script not installed")
    (tmp_path / "bad.json").write_text("{not json")
    done = subprocess.run(
        [str(exe), "analyze", str(tmp_path / "bad.json"), "--format", "jsonl"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    expected = (
        f"error: {tmp_path / 'bad.json'}: invalid JSON at line 1 column 2: "
        "Expecting property name enclosed in double quotes"
    )
    assert done.stderr.strip().splitlines() == [expected]


def test_names_that_look_like_rich_markup_are_printed_as_they_are(tmp_path: Path, nlp: Any) -> None:
    (tmp_path / "x[").mkdir()
    bad = tmp_path / "x[" / "b][bold].txt"  # its path holds "[/b]", a closing tag to Rich
    bad.write_bytes(b"")
    result = assert_bad_between_good(bad, "empty input")
    assert result.errors[0] == f"error: {bad}: empty input"
