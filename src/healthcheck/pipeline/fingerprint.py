"""Cache keys for the build, computed from the inputs with the standard library only.

A domain notebook is re-executed only when something it reads changed: its notebook file, its
parameters, the plan, *the observations of its own indicators* (and the context series), the
district geometry, or the library.  Reading the observation files with :mod:`csv` rather than
pandas keeps a rebuild with nothing changed well under a second.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = [
    "digest_files",
    "library_digest",
    "observation_digests",
    "plan_domains",
]

_PKG = Path(__file__).resolve().parents[1]


def _h(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def digest_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """One digest over the names (relative to ``root``) and bytes of ``paths``."""
    parts: list[bytes] = []
    for p in sorted(Path(x) for x in paths):
        name = str(p.relative_to(root)) if root else p.name
        parts += [name.encode(), p.read_bytes() if p.is_file() else b"<missing>"]
    return _h(*parts)


def library_digest() -> str:
    """The library's source: any change to the package invalidates every cached notebook."""
    return digest_files(_PKG.rglob("*.py"), _PKG)


def plan_domains(plan_dir: Path) -> dict[str, list[str]]:
    """Indicator ids by domain, read from indicators.csv without checking it."""
    text = (plan_dir / "indicators.csv").read_bytes().decode("utf-8-sig", errors="replace")
    out: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out.setdefault((row.get("domain") or "").strip(), []).append((row.get("id") or "").strip())
    return out


def observation_digests(
    files: Mapping[int, Path], groups: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    """A digest of the observation rows of each group of indicator ids, over all years.

    Rows are taken as their text, so changing a value, status, source or note of one indicator
    changes the digest of exactly the groups that contain it.
    """
    member: dict[str, list[str]] = {}
    for group, ids in groups.items():
        for i in ids:
            member.setdefault(i, []).append(group)
    rows: dict[str, list[str]] = {g: [] for g in groups}
    for year in sorted(files):
        text = files[year].read_bytes().decode("utf-8-sig", errors="replace")
        for cells in csv.reader(io.StringIO(text)):
            if not cells:
                continue
            for g in member.get(cells[0].strip(), ()):
                rows[g].append(f"{year}\x1f" + "\x1f".join(cells))
    return {g: _h(*(r.encode() for r in sorted(rs))) for g, rs in rows.items()}


def key(**parts: object) -> str:
    """A cache key over named parts (strings, numbers, nested JSON-able values)."""
    return _h(json.dumps(parts, sort_keys=True, default=str).encode())
