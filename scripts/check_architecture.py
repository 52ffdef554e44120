"""The architecture rules of the library, checked: ``python scripts/check_architecture.py``.

* no function longer than 80 lines or with a cyclomatic complexity above 20 (radon);
* no module longer than 650 lines;
* no import cycle between the library's modules, counting imports inside functions (grimp);
* the report package imports nothing from the engine.

Prints every violation and exits 1 if there is one (``make lint`` runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class

PACKAGE = "healthcheck"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE
MAX_FUNCTION_LINES = 80
MAX_COMPLEXITY = 20
MAX_MODULE_LINES = 650
#: (importer, imported): the first package must never import the second
FORBIDDEN = [(f"{PACKAGE}.report", f"{PACKAGE}.engine")]


def function_problems(path: Path) -> list[str]:
    out: list[str] = []
    rel = path.relative_to(SRC.parent)
    seen: set[tuple[int, str]] = set()
    for block in cc_visit(path.read_text(encoding="utf-8")):
        items = [block, *block.methods] if isinstance(block, Class) else [block]
        for f in items:
            if isinstance(f, Class) or (f.lineno, f.name) in seen:
                continue
            seen.add((f.lineno, f.name))
            lines = f.endline - f.lineno + 1
            name = f"{f.classname}.{f.name}" if getattr(f, "classname", None) else f.name
            if f.complexity > MAX_COMPLEXITY:
                out.append(
                    f"{rel}:{f.lineno}: {name} has complexity {f.complexity} "
                    f"(at most {MAX_COMPLEXITY})"
                )
            if lines > MAX_FUNCTION_LINES:
                out.append(
                    f"{rel}:{f.lineno}: {name} is {lines} lines long (at most {MAX_FUNCTION_LINES})"
                )
    return out


def module_problems(path: Path) -> list[str]:
    n = len(path.read_text(encoding="utf-8").splitlines())
    if n > MAX_MODULE_LINES:
        return [f"{path.relative_to(SRC.parent)}: {n} lines (at most {MAX_MODULE_LINES})"]
    return []


def import_problems() -> list[str]:
    import grimp

    sys.path.insert(0, str(SRC.parent))
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    out = []
    modules = sorted(graph.modules)
    for module in modules:
        for other in graph.find_modules_directly_imported_by(module):
            if other == module:
                continue
            back = graph.find_shortest_chain(importer=other, imported=module)
            if back is not None and module < other:
                chain = " -> ".join([module, *back])
                out.append(f"import cycle: {chain}")
    for importer, imported in FORBIDDEN:
        chains = graph.find_shortest_chains(importer=importer, imported=imported, as_packages=True)
        for chain in sorted(chains):
            out.append(
                f"forbidden import: {' -> '.join(chain)} ({importer} must not import {imported})"
            )
    return out


def problems() -> list[str]:
    out: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        out += function_problems(path)
        out += module_problems(path)
    out += import_problems()
    return out


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"architecture: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
