"""Extractors are registered components: the run order follows from what each reads,
and another package adds one through an entry point, without editing newsledger."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.errors import PluginError
from newsledger.extract.registry import Extractor, built_in, ordered, pipeline

FIXTURE = Path(__file__).parent / "fixtures" / "events" / "attacks.txt"
NEWSLEDGER = str(Path(sys.executable).with_name("newsledger"))  # the installed command


def _noop(ctx: object) -> list[object]:
    return []


def test_built_in_order_follows_reads_and_adds() -> None:
    names = [e.name for e in ordered(built_in())]
    assert names.index("times") < names.index("quantities")
    assert names.index("sourcing") < names.index("caveats") < names.index("events")
    assert names[-1] == "events"  # it reads the most


def test_order_is_derived_not_registered() -> None:
    late = Extractor("late", _noop, reads=("early_findings",), adds=("late_findings",))
    early = Extractor("early", _noop, adds=("early_findings",))
    assert [e.name for e in ordered([late, early])] == ["early", "late"]


def test_a_read_nobody_adds_is_one_clear_error() -> None:
    lonely = Extractor("lonely", _noop, reads=("nothing_adds_this",), adds=("x",))
    with pytest.raises(PluginError, match="nothing_adds_this"):
        ordered([*built_in(), lonely])


def test_two_extractors_adding_one_name_is_refused() -> None:
    with pytest.raises(PluginError, match="already gives"):
        ordered([*built_in(), Extractor("again", _noop, adds=("events",))])


def test_skipping_events_drops_what_needs_them() -> None:
    after = Extractor("after", _noop, reads=("events",), adds=("after",))
    assert "events" not in [e.name for e in pipeline(frozenset({"events"}))]
    kept = [e.name for e in ordered([*built_in(), after]) if e.name not in {"events", "after"}]
    assert kept == [e.name for e in pipeline(frozenset({"events"}))]


def _plugin(root: Path, entry: str) -> dict[str, str]:
    """An installed distribution (a dist-info with an entry point) offering one extractor."""
    package = root / "nl_counter"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from newsledger.extract import Extractor\n\n"
        "def count(ctx):\n"
        "    return [{'events': len(ctx.events), 'tokens': len(ctx.doc)}]\n\n"
        "extractor = Extractor('counter', count, reads=('events',), adds=('counts',))\n",
        encoding="utf-8",
    )
    info = root / "nl_counter-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nl-counter\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[newsledger.extractors]\ncounter = {entry}\n", encoding="utf-8"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }


def _analyze(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSLEDGER, "analyze", str(FIXTURE), "--format", "json", "--published", "2026-03-02"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow  # whole processes of the installed command
def test_a_plugin_extractor_adds_its_findings(tmp_path: Path) -> None:
    plain = _analyze()
    with_plugin = _analyze(_plugin(tmp_path, "nl_counter:extractor"))
    assert plain.returncode == 0 and with_plugin.returncode == 0, with_plugin.stderr
    before, after = json.loads(plain.stdout), json.loads(with_plugin.stdout)
    counts = after.pop("counts")
    assert after == before  # the built-in findings are untouched
    assert counts == [{"events": len(before["events"]), "tokens": counts[0]["tokens"]}]
    assert counts[0]["tokens"] > 10 and counts[0]["events"] > 0


@pytest.mark.slow  # a whole process of the installed command
def test_a_broken_plugin_is_one_line_naming_it(tmp_path: Path) -> None:
    result = _analyze(_plugin(tmp_path, "nl_counter:no_such_thing"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "counter" in lines[0] and "nl_counter:no_such_thing" in lines[0]
