"""The knowledge cache: built once, loaded after, rebuilt when a source changes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.knowledge import PACKAGE_DIR, cache, load_records


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from newsledger.geo.index import default_index_path

    # The gazetteer index stays where it is (it lives in the cache directory too,
    # and building another takes a minute).
    monkeypatch.setenv("NEWSLEDGER_GEO_INDEX", str(default_index_path()))
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.delenv("NEWSLEDGER_KNOWLEDGE", raising=False)
    return folder


class Counting:
    """A builder that reads a file and counts its calls."""

    def __init__(self, source: Path) -> None:
        self.source, self.calls = source, 0

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        return {"words": tuple(self.source.read_text().split()), "set": frozenset({"a", "b"})}


def restore(plain: dict[str, Any]) -> dict[str, Any]:
    return {"words": list(plain["words"]), "set": plain["set"]}


def test_built_once_then_loaded_from_disk(tmp_path: Path, own_cache: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("militia ministry")
    build = Counting(source)
    first = cache.cached("words", [source], build, restore)
    second = cache.cached("words", [source], build, restore)
    assert first == second == {"words": ["militia", "ministry"], "set": frozenset({"a", "b"})}
    assert build.calls == 1
    assert [p.name.split("-")[0] for p in own_cache.iterdir()] == ["words"]


def test_a_changed_source_is_rebuilt(tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("militia")
    build = Counting(source)
    cache.cached("words", [source], build, restore)
    source.write_text("militia brigade")  # another size
    assert cache.cached("words", [source], build, restore)["words"] == ["militia", "brigade"]
    stat = source.stat()
    source.write_text("brigade militia")  # the same size, another modification time
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert cache.cached("words", [source], build, restore)["words"] == ["brigade", "militia"]
    assert build.calls == 3


def test_user_knowledge_dirs_and_salt_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("militia")
    build = Counting(source)
    cache.cached("words", [source], build, restore)
    monkeypatch.setenv("NEWSLEDGER_KNOWLEDGE", str(tmp_path / "mine"))
    cache.cached("words", [source], build, restore)
    cache.cached("words", [source], build, restore, salt="other options")
    assert build.calls == 3


def test_corrupt_or_foreign_files_are_rebuilt(tmp_path: Path, own_cache: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("militia")
    build = Counting(source)
    cache.cached("words", [source], build, restore)
    [stored] = own_cache.iterdir()
    stored.write_bytes(stored.read_bytes()[:7])  # truncated
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    stored.write_bytes(b"\x00garbage")
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    stored.write_bytes(__import__("marshal").dumps(("another", "layout")))  # restore() refuses it
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    assert build.calls == 4
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    assert build.calls == 4  # the rebuilt file is good again


def test_an_unwritable_cache_only_means_building_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("militia")
    build = Counting(source)
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    assert cache.cached("words", [source], build, restore)["words"] == ["militia"]
    assert build.calls == 2


def test_only_the_last_used_files_of_a_name_are_kept(tmp_path: Path, own_cache: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("militia")
    build = Counting(source)
    for n in range(cache.KEEP + 3):
        cache.cached("words", [source], build, restore, salt=str(n))
    cache.cached("other", [source], build, restore)
    names = sorted(p.name.split("-")[0] for p in own_cache.iterdir())
    assert names == ["other"] + ["words"] * cache.KEEP


def test_the_cache_dir_follows_xdg_without_newsledger_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "newsledger"
    from newsledger.geo.index import default_index_path

    monkeypatch.delenv("NEWSLEDGER_GEO_INDEX", raising=False)
    assert default_index_path().parent == tmp_path / "xdg" / "newsledger"


# -- the knowledge that uses it ----------------------------------------------------------


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    """Forget what this process holds, so the tables come from the (test's) cache."""
    from newsledger.extract import actors, toponyms
    from newsledger.extract.sourcing import model

    def clear() -> None:
        load_records.cache_clear()
        actors.actor_table.cache_clear()
        toponyms.lexicon_for.cache_clear()
        model._model.cache_clear()

    clear()
    yield
    clear()


def test_the_actor_table_from_the_cache_is_the_built_one(
    fresh_tables: None, own_cache: Path
) -> None:
    from newsledger.extract import actors

    built = actors.build_table()
    first = actors.actor_table()
    actors.actor_table.cache_clear()
    loaded = actors.actor_table()  # this one from the file
    assert any(p.name.startswith("actors-") for p in own_cache.iterdir())
    assert loaded == first == built
    assert len(loaded.aliases) > 1000


def test_a_user_actor_file_reaches_the_cached_table(
    fresh_tables: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.extract import actors

    assert actors.lookup_actor("the Zorvani Lantern Brigade").kind is None
    mine = tmp_path / "mine"
    mine.mkdir()
    record = {
        "name": "Zorvani Lantern Brigade",
        "aliases": ["Lantern Brigade"],
        "kind": "Political militia",
        "country": "IQ",
    }
    (mine / "actors.jsonl").write_text(json.dumps(record) + "\n")
    monkeypatch.setenv("NEWSLEDGER_KNOWLEDGE", str(mine))
    load_records.cache_clear()
    actors.actor_table.cache_clear()
    assert actors.lookup_actor("the Lantern Brigade").name == "Zorvani Lantern Brigade"
    record["name"] = "Zorvani Lamp Brigade"  # the user edits the file: the cache follows
    (mine / "actors.jsonl").write_text(json.dumps(record) + "\n# edited\n")
    load_records.cache_clear()
    actors.actor_table.cache_clear()
    assert actors.lookup_actor("the Lantern Brigade").name == "Zorvani Lamp Brigade"


def test_the_toponym_lexicon_and_cue_model_from_the_cache(
    fresh_tables: None, own_cache: Path
) -> None:
    from newsledger.extract import build_caches, toponyms
    from newsledger.extract.sourcing import model
    from newsledger.geo.gazetteer import default_gazetteer

    build_caches()
    names = sorted(p.name.split("-")[0] for p in own_cache.iterdir())
    assert [n for n in names if n != "knowledge"] == ["actors", "cue", "toponyms"]
    assert "knowledge" in names  # the checked records of the files read (knowledge.load_records)
    toponyms.lexicon_for.cache_clear()
    model._model.cache_clear()
    assert toponyms.lexicon_for(default_gazetteer()) == toponyms.build_lexicon(default_gazetteer())
    data = json.loads((PACKAGE_DIR / model.MODEL_FILE).read_text())
    assert model.weights() == {k: float(v) for k, v in data["weights"].items()}
    assert model.threshold() == float(data.get("threshold", 0.0))
