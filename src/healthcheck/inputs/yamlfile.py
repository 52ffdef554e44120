"""Reading a YAML file from the user's folders, with limits.

Every YAML file of a plan or data folder (``plan.yaml``, a plan's ``survey.yaml``) is read here
and nowhere else, and so are the framework's ``survey.yaml`` and ``grading.yaml`` shipped with
the package (for the same located problems).
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

A model of a YAML file declares its numbers :data:`Number` or :data:`Whole`, never ``float`` or
``int``: YAML 1.1 reads ``true``/``false``/``yes``/``no``/``on``/``off`` as booleans, and a
boolean is an int in Python, so ``value: yes`` would quietly be 1.0.  A pydantic error of such a
model becomes a located problem with :meth:`YamlDocument.problem` (``found the boolean yes;
expected a number``).
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BeforeValidator, ValidationError
from pydantic_core import ErrorDetails

from healthcheck.errors import InputError, Problem
from healthcheck.files import read_input
from healthcheck.inputs.text import text_problems

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EXPANDED",
    "NUMBER",
    "WHOLE_NUMBER",
    "Number",
    "Whole",
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

    def _walk(self, loc: tuple[int | str, ...]) -> tuple[list[yaml.Node], yaml.Node | None]:
        """The nodes from the root along key path ``loc`` as far as it exists, and the key
        node of the last step when that step is a mapping's key."""
        nodes: list[yaml.Node] = [self.node] if self.node is not None else []
        key_node: yaml.Node | None = None
        for key in loc:
            node = nodes[-1] if nodes else None
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == str(key)]
                if not match:
                    break
                key_node, child = match[-1]  # PyYAML keeps the last of a repeated key
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    break
                key_node, child = None, node.value[key]
            else:
                break
            nodes.append(child)
        else:
            return nodes, key_node
        return nodes, None

    def line(self, loc: tuple[int | str, ...], *, key: bool = False) -> int | None:
        """The line of the value at key path ``loc`` (or of its nearest existing parent); with
        ``key``, the line of the key itself where ``loc`` ends at a mapping's key (a key whose
        value is a block starts on the line before it)."""
        nodes, key_node = self._walk(loc)
        if key and key_node is not None:
            return key_node.start_mark.line + 1
        return nodes[-1].start_mark.line + 1 if nodes else None

    def has(self, loc: tuple[int | str, ...]) -> bool:
        """Whether the document holds a value at key path ``loc``."""
        return len(self._walk(loc)[0]) == len(loc) + 1

    def scalar(self, loc: tuple[int | str, ...]) -> str | None:
        """The text of the scalar at ``loc`` as typed (``yes``, ``On``), or None."""
        nodes, _key = self._walk(loc)
        exact = len(nodes) == len(loc) + 1
        return nodes[-1].value if exact and isinstance(nodes[-1], yaml.ScalarNode) else None

    def problem(self, err: ErrorDetails, name: str) -> Problem:
        """One error of a pydantic validation of this document's data as a Problem located by
        line and dotted key path.  What was found: the value (a YAML boolean as typed, ``the
        boolean yes``), ``nothing`` for a missing key, ``an unknown key 'x'`` (on the key's
        line); what was expected: the words of our own validators (:data:`NUMBER`), or
        pydantic's message."""
        loc = tuple(err["loc"])
        given = err.get("input")
        found = reprlib.repr(given) if err["type"] != "missing" else "nothing"
        if isinstance(given, bool):
            found = f"the boolean {self.scalar(loc) or str(given).lower()}"
        elif isinstance(given, list) and any(isinstance(x, bool) for x in given):
            i = next(i for i, x in enumerate(given) if isinstance(x, bool))
            typed = self.scalar((*loc, i)) or str(given[i]).lower()
            found = f"the boolean {typed} (item {i + 1} of the list)"
        at_key = err["type"] == "extra_forbidden"
        if at_key:
            found, expected = f"an unknown key '{loc[-1]}'", "one of the documented keys"
        elif err["type"] == "value_error":  # our own validators' words
            expected = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            expected = err["msg"]
        where = ".".join(map(str, loc))
        return Problem(name, self.line(loc, key=at_key), where, found, expected)

    def problems(self, exc: ValidationError, name: str) -> list[Problem]:
        """Every error of ``exc`` (:meth:`problem`)."""
        return [self.problem(err, name) for err in exc.errors()]


#: what a number of a YAML file is expected to be where a boolean was typed
NUMBER = "a number"
WHOLE_NUMBER = "a whole number"


def _refuse_boolean(expected: str) -> Any:
    def check(value: object) -> object:
        # YAML 1.1 reads true/false/yes/no/on/off as booleans, and a bool is an int in Python:
        # without this, `value: yes` would quietly be 1.0
        if isinstance(value, bool):
            raise ValueError(expected)
        return value

    return BeforeValidator(check)


#: a number of a YAML file: any int or float, never a boolean (``true`` is not 1.0)
Number = Annotated[float, _refuse_boolean(NUMBER)]
#: a whole number of a YAML file, never a boolean
Whole = Annotated[int, _refuse_boolean(WHOLE_NUMBER)]


def _nodes(root: yaml.Node) -> Iterator[tuple[yaml.Node, tuple[str, ...]]]:
    """Every node of the tree (mapping keys too, at their mapping's path) with its key path,
    each once (an alias shares its anchor's node); iteratively, so depth costs no stack."""
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node, path
        if isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, str(i))) for i, v in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, path))
                stack.append((v, (*path, str(k.value))))


def _scalars(root: yaml.Node) -> Iterator[tuple[yaml.ScalarNode, str]]:
    """Every scalar of the tree (keys too) with its dotted key path."""
    for node, path in _nodes(root):
        if isinstance(node, yaml.ScalarNode):
            yield node, ".".join(path)


def _repeated_keys(root: yaml.Node, name: str) -> list[Problem]:
    """A key given twice in one mapping (two ``thresholds:`` sections): YAML keeps the last,
    and everything under the first would be dropped without a word."""
    problems = []
    for node, path in _nodes(root):
        if not isinstance(node, yaml.MappingNode):
            continue
        first: dict[tuple[str, str], int] = {}
        for k, _ in node.value:
            if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:merge":
                continue
            line = k.start_mark.line + 1
            if (k.tag, k.value) in first:
                problems.append(Problem(
                    name, line, ".".join((*path, k.value)),
                    f"the key '{k.value}' a second time (first on line "
                    f"{first[(k.tag, k.value)]})",
                    "each key once in its section (YAML keeps only the last: what the "
                    "first holds would be ignored)",
                ))  # fmt: skip
            else:
                first[(k.tag, k.value)] = line
    return problems


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
    problems = _repeated_keys(node, name) if node is not None else []
    if node is not None and check_text:
        for scalar, key in _scalars(node):
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
