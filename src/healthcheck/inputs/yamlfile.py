"""Reading a YAML file from the user's folders, with limits.

Every YAML file of a plan or data folder (``plan.yaml``, a plan's ``survey.yaml``) is read here
and nowhere else; the framework files shipped with the package are trusted and read directly.
The limits, each a located problem rather than a hang, a traceback or a huge message:

* the file must be a regular file inside its folder (:func:`healthcheck.files.read_input`) of at
  most :data:`MAX_BYTES`;
* at most :data:`MAX_ALIASES` aliases (``*name``), and anchors and aliases that expand to at most
  :data:`MAX_EXPANDED` values in all (a "billion laughs" of 5 kB expands to 10^9); no alias to
  an enclosing node (a cycle);
* nesting at most :data:`MAX_DEPTH` deep (3,000 brackets would exhaust Python's recursion).

A valid document's text is checked by :func:`healthcheck.inputs.text.text_problems` (control
characters, characters the report's font cannot draw, over-long texts), located by line and key.

PyYAML's safe loader is used (no Python objects); the limits are checked while composing, before
anything is constructed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from healthcheck.errors import InputError, Problem
from healthcheck.files import read_input
from healthcheck.inputs.text import text_problems

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED",
    "YamlDocument",
    "read_yaml",
    "read_yaml_leniently",
]

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 50
MAX_EXPANDED = 100_000

_NO_ALIASES = "a file without YAML anchors and aliases (&name, *name): write each value out"


class _Limit(Exception):
    def __init__(self, mark: Any, found: str, expected: str):
        super().__init__(found)
        self.mark, self.found, self.expected = mark, found, expected


class _LimitedLoader(yaml.SafeLoader):
    """The safe loader, counting aliases and depth while it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Limit(event.start_mark, f"more than {MAX_ALIASES} aliases", _NO_ALIASES)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Limit(
                event.start_mark,
                f"values nested more than {MAX_DEPTH} deep",
                "a plain file of sections, lists and values (check the brackets)",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _expanded_size(root: yaml.Node) -> int:
    """How many values ``root`` holds once every alias is written out (without writing them
    out); :class:`_Limit` at a cycle or beyond :data:`MAX_EXPANDED`."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            if sizes[key] > MAX_EXPANDED:
                raise _Limit(
                    node.start_mark,
                    f"anchors and aliases that expand to more than {MAX_EXPANDED} values",
                    _NO_ALIASES,
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _Limit(node.start_mark, "an alias to the node that contains it", _NO_ALIASES)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return sizes[id(root)]


class YamlDocument:
    """A parsed YAML file: its data and its node tree (for the line of a key path)."""

    def __init__(self, data: Any, node: yaml.Node | None):
        self.data = data
        self.node = node

    def line(self, loc: tuple[int | str, ...]) -> int | None:
        """The line of the value at key path ``loc`` (or of its nearest existing parent)."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == str(key)]
                if not match:
                    return line
                node = match[0][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    return line
                node = node.value[key]
            else:
                break
            line = node.start_mark.line + 1
        return line


def _scalars(node: yaml.Node, path: tuple[str, ...]) -> Iterator[tuple[yaml.ScalarNode, str]]:
    """Every scalar of the tree (keys too) with its dotted key path; iteratively."""
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, path)]
    seen: set[int] = set()
    while stack:
        n, p = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            yield n, ".".join(p)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, (*p, str(i))) for i, v in enumerate(n.value))
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.append((k, p))
                stack.append((v, (*p, str(k.value))))


def _parse(text: str, name: str, check_text: bool) -> tuple[YamlDocument | None, list[Problem]]:
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _expanded_size(node)
        data = loader.construct_document(node) if node is not None else None
    except _Limit as exc:
        line = exc.mark.line + 1 if exc.mark else None
        return None, [Problem(name, line, None, exc.found, exc.expected)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or "a syntax error"
        return None, [Problem(name, line, None, f"invalid YAML ({what})", "valid YAML")]
    except RecursionError:  # a limit above should have stopped it; never a traceback
        return None, [Problem(name, None, None, "values nested too deep", "a plain YAML file")]
    finally:
        loader.dispose()
    doc = YamlDocument(data, node)
    problems = []
    if node is not None and check_text:
        for scalar, key in _scalars(node, ()):
            if isinstance(scalar.value, str):
                problems += text_problems(scalar.value, name, scalar.start_mark.line + 1, key)
    return (None if problems else doc), problems


def read_yaml(
    path: Path, root: Path | None = None, *, check_text: bool = True
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse the YAML file ``path`` within the limits above; the document, or None and
    the problems (located by line).  ``root``: the folder the file must lie in (default: its
    own folder); ``check_text``: check every string (:mod:`healthcheck.inputs.text`)."""
    name = str(path)
    raw, problem = read_input(path, root, limit=MAX_BYTES, what="a YAML file")
    if raw is None:
        return None, [problem] if problem else []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, "bytes that are not UTF-8", "a UTF-8 file")]
    return _parse(text, name, check_text)


def read_yaml_leniently(path: Path) -> Any:
    """The data of ``path`` as :func:`read_yaml` reads it, or None when it cannot be read or
    has any problem (for code that runs before the validation, which reports them).  Its
    strings are not checked: that is the validation's part, and a rebuild with nothing to do
    should not load the font."""
    try:
        doc, problems = read_yaml(path, check_text=False)
    except (InputError, OSError):
        return None
    return None if doc is None or problems else doc.data
