"""Every command has help and is documented; analyze renders each format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsledger.cli  # noqa: F401  (registers the commands)
from newsledger.cli.common import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

HOSTILE = """Hostile Page Test

A spokesman said "<script>alert('x')</script> <img src=x onerror=alert(1)>" on Monday in Basra.
"""


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help() -> None:
    for name in command_names():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"newsledger ([a-z-]+)", readme))
    missing = [name for name in command_names() if name not in documented]
    assert not missing, f"commands missing from README.md: {missing}"


def test_jsonl_prints_one_object_per_article(tmp_path: Path, nlp: Any) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(
            f"Report {index}\n\nOfficials said {index + 2} people died.\n"
        )
    result = runner.invoke(
        app, ["analyze", str(tmp_path), "--format", "jsonl", "--published", "2026-01-02"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["title"] for line in lines] == ["Report 0", "Report 1", "Report 2"]
    assert all(line["article"]["published_source"] == "given" for line in lines)


def test_json_of_one_article_is_an_object(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "one.txt"
    path.write_text(
        "Police arrested five protesters in Lagos on Friday, a police spokesman said.\n"
    )
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "newsledger/analysis@1"


def test_html_output_is_inert(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE)
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["analyze", str(path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_text_report_names_each_section(tmp_path: Path, nlp: Any) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Troops fired on protesters in Khartoum on Monday, witnesses told reporters.\n")
    result = runner.invoke(app, ["analyze", str(path), "--format", "text"])
    assert result.exit_code == 0, result.output
    for section in (
        "Sources",
        "Attributions",
        "Caveats",
        "Events",
        "Places",
        "Times",
        "Quantities",
    ):
        assert section in result.stdout


def test_bad_published_date_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Text.\n")
    result = runner.invoke(app, ["analyze", str(path), "--published", "12/01/2026"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize("name", ["nosuch"])
def test_unknown_eval_is_an_error(name: str) -> None:
    result = runner.invoke(app, ["eval", name])
    assert result.exit_code == 2
    assert "unknown evaluation" in result.output


def test_an_extractor_failure_is_reported_in_place(
    tmp_path: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsledger.api
    from newsledger.extract import Options
    from newsledger.extract import analyze_doc as real

    def fragile(doc, document, published=None, options=None):  # type: ignore[no-untyped-def]
        if "BOOM" in document.text:
            raise ZeroDivisionError("simulated extractor bug")
        return real(doc, document, published, options or Options())

    monkeypatch.setattr(newsledger.api, "analyze_doc", fragile)
    monkeypatch.delenv("NEWSLEDGER_DEBUG", raising=False)
    for name, body in (
        ("a.txt", "Police said two people died."),
        ("b.txt", "BOOM went the report."),
        ("c.txt", "Witnesses said a bridge collapsed."),
    ):
        (tmp_path / name).write_text(body)
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "b.txt" in errors[0] and "ZeroDivisionError" in errors[0]


def test_eval_without_its_data_skips_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "polnear", "--data", str(tmp_path / "absent")])
    assert result.exit_code == 0
    assert "skipped" in result.output and "absent" in result.output
