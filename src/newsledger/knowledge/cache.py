"""Built knowledge kept on disk, so a new process loads it in milliseconds.

Some knowledge is costly to build from its files: the actor dictionary's
24,000 alias keys, the gazetteer names the toponym pass may match, the cue
model's weights. `cached(name, sources, build, restore)` keeps what `build`
returns (plain data) in one file of the user cache directory and, while every
source is unchanged, loads it from there instead of building; `restore` turns
the plain data into what the caller uses.

- Where: ``NEWSLEDGER_CACHE``, else ``$XDG_CACHE_HOME/newsledger``, else
  ``~/.cache/newsledger`` (the default gazetteer index lives there too).
- Key: the sources' paths, sizes and modification times (the knowledge files,
  the user's ``NEWSLEDGER_KNOWLEDGE`` files, the gazetteer index, and the
  modules whose code builds the value), ``NEWSLEDGER_KNOWLEDGE`` itself, the
  package version and the Python version. Any change means a new file; of
  each name the few last used are kept (a run with ``--actors FILE`` and one
  without do not evict each other), older ones are removed.
- Format: `marshal` of plain data (dicts, tuples, frozensets, strings,
  numbers). It loads as fast as pickle (the actor table: 15 ms for 800 KB,
  against 80-90 ms to build it; JSON needs sets rebuilt and is no faster) and,
  unlike pickle, cannot be made to construct arbitrary objects.
- A missing, unreadable or corrupt file is rebuilt; an unwritable directory
  only means building every time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

CACHE_ENV = "NEWSLEDGER_CACHE"
FORMAT = "1"  # bump when the layout of cached values changes without a code file changing
SUFFIX = ".marshal"
KEEP = 4  # files kept per name, the most recently used

T = TypeVar("T")


def cache_dir() -> Path:
    """The user cache directory of newsledger (created when first written)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsledger"


def code_files(*modules: str) -> list[Path]:
    """The source files of imported modules: a changed builder changes the key."""
    return [Path(str(sys.modules[m].__file__)) for m in modules]


def fingerprint(sources: Iterable[Path], salt: str = "") -> str:
    """A key of the sources' paths, sizes and modification times (and what else
    changes the value: the package and Python versions, NEWSLEDGER_KNOWLEDGE)."""
    from newsledger.version import __version__

    digest = hashlib.sha256()
    for part in (
        FORMAT,
        __version__,
        f"{sys.version_info[:2]}/{marshal.version}",
        os.environ.get("NEWSLEDGER_KNOWLEDGE", ""),
        salt,
    ):
        digest.update(part.encode() + b"\0")
    for path in sources:
        try:
            stat = path.stat()
            digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\0".encode())
        except OSError:
            digest.update(f"{path}|absent\0".encode())
    return digest.hexdigest()[:24]


def cached(
    name: str,
    sources: Iterable[Path],
    build: Callable[[], Any],
    restore: Callable[[Any], T],
    salt: str = "",
) -> T:
    """`restore(build())`, with `build()`'s plain data read from the cache file
    when the sources are unchanged."""
    folder = cache_dir()
    path = folder / f"{name}-{fingerprint(sources, salt)}{SUFFIX}"
    found = _read(path)
    if found is not None:
        try:
            value = restore(found)
        except (TypeError, ValueError, KeyError, IndexError):  # not the shape we wrote: rebuild
            pass
        else:
            _touch(path)
            return value
    plain = build()
    _write(folder, name, path, plain)
    return restore(plain)


def _read(path: Path) -> Any:
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable or corrupt: rebuild
        return None


def _touch(path: Path) -> None:
    """Mark the file as used (its modification time), for the eviction in `_write`."""
    try:
        os.utime(path)
    except OSError:
        pass


def _write(folder: Path, name: str, path: Path, value: Any) -> None:
    """Atomically (a temp file renamed), so a concurrent reader never sees half a file."""
    try:
        data = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _evict(folder, name)
    except (OSError, ValueError):  # an unwritable directory, or a value marshal cannot hold
        return


def _evict(folder: Path, name: str) -> None:
    files = []
    for found in folder.glob(f"{name}-*{SUFFIX}"):
        try:
            files.append((found.stat().st_mtime_ns, found))
        except OSError:  # removed by another process meanwhile
            continue
    for _, old in sorted(files, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
