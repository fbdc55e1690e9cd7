"""The `newsledger` command: thin commands over the library.

Each module in this package registers its commands on `app`; a command parses
its arguments, calls one library function, renders the result, and turns the
project's errors into a one-line message and exit status 2.
"""

from __future__ import annotations

import importlib

import typer

from newsledger.cli.common import app

# Command modules, in help order. A module listed here registers on `app` when
# imported; sub-apps (Typer groups) are mounted below.
COMMAND_MODULES = (
    "newsledger.cli.analyze",
    "newsledger.cli.evaluate",
    "newsledger.cli.serve",
    "newsledger.cli.ledger",
)
# (name, "module:attribute", help)
SUB_APPS: tuple[tuple[str, str, str], ...] = (
    (
        "gazetteer",
        "newsledger.cli.gazetteer:app",
        "Build, import and query the gazetteer (GeoNames place index).",
    ),
    (
        "spark",
        "newsledger.spark.cli:app",
        "Run the analysis as an Apache Spark job, into Parquet tables.",
    ),
)


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    for name, target, help_text in SUB_APPS:
        module_name, attribute = target.split(":")
        sub: typer.Typer = getattr(importlib.import_module(module_name), attribute)
        app.add_typer(sub, name=name, help=help_text)


_register()


__all__ = ["app", "main"]


def main() -> None:
    """Console entry point."""
    app(prog_name="newsledger")


if __name__ == "__main__":  # pragma: no cover
    main()
