"""Browser tests: a real headless Chromium (Debian's) driven by Playwright.

Playwright is used only as a driver: it never downloads a browser. The tests
skip with a clear reason when the `playwright` package or /usr/bin/chromium is
absent (install it with `.ci/browser.sh`). A uvicorn server on a free
127.0.0.1 port serves a file ledger filled with the invented fixture articles.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import web_support
from web_support import serve_in_thread

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    configured = os.environ.get("NEWSLEDGER_CHROMIUM")
    for candidate in ((configured,) if configured else ()) + CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    return found


@pytest.fixture(scope="session")
def chromium() -> str:
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip(
            "no Chromium at /usr/bin/chromium: run `bash .ci/browser.sh` (apt-get install chromium)"
        )
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a live server over a ledger of the fixture articles."""
    from newsledger.corroborate import open_ledger
    from newsledger.web import create_app

    ledger = open_ledger(str(tmp_path_factory.mktemp("ledger") / "browser.db"))
    ledger.add_many(web_support.all_fixtures())
    with serve_in_thread(create_app(ledger)) as url:
        yield url
    ledger.close()


# Module scope: Playwright's sync API keeps an event loop running on the main
# thread while it is open, which breaks later tests that call asyncio.run().
@pytest.fixture(scope="module")
def browser_context(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            offline=False,
            java_script_enabled=True,
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser_context: Any) -> Iterator[Any]:
    """A fresh tab that records page errors, console errors and dialogs."""
    tab = browser_context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
    tab.on(
        "console",
        lambda msg: tab.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )

    def on_dialog(dialog: Any) -> None:
        tab.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.close()
