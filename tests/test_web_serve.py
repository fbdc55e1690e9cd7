"""`newsledger serve`: refuses to expose the ledger without a token; vendored map data ships."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.errors import ServeError
from newsledger.web.server import ServeOptions, is_loopback, resolve_token, url_of
from newsledger.web.templating import STATIC

runner = CliRunner()


def test_public_address_without_token_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLEDGER_TOKEN", raising=False)
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", "sqlite://"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_a_missing_ledger_file_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo.db"
    result = runner.invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 2 and "no ledger at" in result.output
    assert not missing.exists()


def test_token_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLEDGER_TOKEN", raising=False)
    assert resolve_token(ServeOptions()) is None  # loopback: no token needed
    with pytest.raises(ServeError):
        resolve_token(ServeOptions(host="192.0.2.1"))
    with pytest.raises(ServeError):
        resolve_token(ServeOptions(host="192.0.2.1", token="short"))
    assert (
        resolve_token(ServeOptions(host="192.0.2.1", token="long-enough-token"))
        == "long-enough-token"
    )
    monkeypatch.setenv("NEWSLEDGER_TOKEN", "from-the-environment")
    assert resolve_token(ServeOptions(host="0.0.0.0")) == "from-the-environment"
    assert url_of(ServeOptions(host="::1", port=9), "abcdefgh") == "http://[::1]:9/?token=abcdefgh"


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert (
        not is_loopback("0.0.0.0")
        and not is_loopback("192.168.1.2")
        and not is_loopback("example.org")
    )


def test_vendored_world_atlas_is_packaged() -> None:
    topo = json.loads((STATIC / "countries-110m.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) > 150
    assert "topojson" in (STATIC / "topojson-client.min.js").read_text(encoding="utf-8")
