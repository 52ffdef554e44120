"""The YAML loader of the user's files: limits that end in a located problem, never a hang, a
traceback or a huge message."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from healthcheck.errors import InputError
from healthcheck.inputs.plan import load_plan
from healthcheck.inputs.yamlfile import (
    MAX_ALIASES,
    MAX_BYTES,
    NUMBER,
    WHOLE_NUMBER,
    Number,
    Whole,
    read_yaml,
    read_yaml_leniently,
)


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: 9 aliases per level, 9^levels values once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
    lines.append(f"city: *{chr(ord('a') + levels - 1)}")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_file_is_read_with_its_lines(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "city:\n  name_zh: 测试市\nlist: [1, 2]\n"))
    assert problems == [] and doc is not None
    assert doc.data == {"city": {"name_zh": "测试市"}, "list": [1, 2]}
    assert doc.line(("city", "name_zh")) == 2 and doc.line(("list", 1)) == 3


def test_a_billion_laughs_fails_fast_with_a_short_located_message(tmp_path):
    text = billion_laughs()
    assert len(text) < 5_000
    t0 = time.perf_counter()
    doc, problems = read_yaml(write(tmp_path, text))
    assert time.perf_counter() - t0 < 5  # generous: it takes milliseconds, the bomb took minutes
    assert doc is None
    (p,) = problems
    assert p.row is not None and "expand to more than" in p.found and "aliases" in p.expected
    assert len(str(p)) < 300


def test_too_many_aliases_are_refused_at_the_first_one_over(tmp_path):
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    doc, problems = read_yaml(write(tmp_path, text))
    assert doc is None and f"more than {MAX_ALIASES} aliases" in problems[0].found
    assert problems[0].row == 2


def test_a_few_aliases_are_fine(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "a: &a {x: 1}\nb: *a\n"))
    assert problems == [] and doc is not None and doc.data["b"] == {"x": 1}


def test_a_recursive_alias_is_refused(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "a: &a [1, *a]\n"))
    assert doc is None and "contains it" in problems[0].found


def test_deep_nesting_is_a_located_problem_not_a_recursion_error(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "city: " + "[" * 3000 + "]" * 3000 + "\n"))
    assert doc is None and problems[0].row == 1 and "nested more than" in problems[0].found


def test_a_file_over_the_size_limit_is_not_parsed(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "a: 1\n#" + "x" * MAX_BYTES + "\n"))
    assert doc is None and "bytes" in problems[0].found


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling"])
def test_something_else_named_plan_yaml_is_a_problem(tmp_path, kind):
    path = tmp_path / "plan.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "gone.yaml")
    doc, problems = read_yaml(path)
    assert doc is None and problems[0].file == str(path)
    assert read_yaml_leniently(path) is None


def test_a_syntax_error_is_located_without_the_parsers_dump(tmp_path):
    doc, problems = read_yaml(write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n"))
    assert doc is None and problems[0].row is not None and "invalid YAML" in problems[0].found


def test_text_is_checked_with_its_line_and_key(tmp_path):
    doc, problems = read_yaml(write(tmp_path, 'city:\n  name_en: "Test\\e[31mville"\n'))
    assert doc is None
    (p,) = problems
    assert (p.row, p.column) == (2, "city.name_en") and "U+001B" in p.found


def test_bad_bytes_are_not_utf8(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("city: 测试".encode("gb18030"))
    doc, problems = read_yaml(path)
    assert doc is None and "not UTF-8" in problems[0].found


@pytest.mark.parametrize(
    "text",
    [billion_laughs(), billion_laughs(5), "city: " + "[" * 3000 + "]" * 3000 + "\n"],
    ids=["bomb", "small-bomb", "nested"],
)
def test_load_plan_reports_the_limits_as_one_short_problem(small_plan_dir, text):
    (small_plan_dir / "plan.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert len(info.value.problems) == 1 and len(str(info.value)) < 400


def test_load_plan_with_a_folder_named_plan_yaml(small_plan_dir):
    (small_plan_dir / "plan.yaml").unlink()
    (small_plan_dir / "plan.yaml").mkdir()
    with pytest.raises(InputError) as info:
        load_plan(small_plan_dir)
    assert "a folder named 'plan.yaml'" in str(info.value)


def test_the_lenient_reader_leaves_the_text_to_the_validation(tmp_path):
    """The pipeline reads plan.yaml before validating (a rebuild with nothing to do must stay
    fast): limits apply, the text check does not."""
    path = write(tmp_path, 'framework: plan_targets\ntitle: "a\\e b"\n')
    assert read_yaml_leniently(path) == {"framework": "plan_targets", "title": "a\x1b b"}
    assert read_yaml(path)[0] is None
    assert read_yaml_leniently(write(tmp_path, billion_laughs())) is None


def test_the_line_of_a_key_and_the_text_of_a_scalar(tmp_path):
    doc, _ = read_yaml(write(tmp_path, "thresholds:\n  T01:\n    value: Yes\n"))
    assert doc is not None
    assert doc.line(("thresholds", "T01")) == 3  # the value: a block on the next line
    assert doc.line(("thresholds", "T01"), key=True) == 2  # the id itself
    assert doc.line(("thresholds", "T99"), key=True) == 2  # the nearest parent that exists
    assert doc.scalar(("thresholds", "T01", "value")) == "Yes"
    assert doc.has(("thresholds", "T01")) and not doc.has(("thresholds", "T01", "note"))


class _Numbers(BaseModel):
    share: Number = 0.5
    count: Whole = 1
    bands: tuple[Number, Number] = (0.1, 0.2)


@pytest.mark.parametrize("typed", ["true", "false", "yes", "No", "on", "OFF"])
def test_a_yaml_boolean_is_not_a_number(tmp_path, typed):
    """A bool is an int in Python: ``share: yes`` was quietly 1.0."""
    doc, _ = read_yaml(write(tmp_path, f"share: {typed}\ncount: {typed}\nbands: [0.1, {typed}]\n"))
    assert doc is not None
    with pytest.raises(ValidationError) as info:
        _Numbers.model_validate(doc.data)
    problems = {p.column: p for p in doc.problems(info.value, "x.yaml")}
    assert {c: (p.row, p.found, p.expected) for c, p in problems.items()} == {
        "share": (1, f"the boolean {typed}", NUMBER),
        "count": (2, f"the boolean {typed}", WHOLE_NUMBER),
        "bands.1": (3, f"the boolean {typed}", NUMBER),
    }
    assert str(problems["share"]) == f"x.yaml:1:share: found the boolean {typed}; expected a number"


def test_numbers_stay_numbers(tmp_path):
    doc, _ = read_yaml(write(tmp_path, "share: 1\ncount: 3\nbands: [0, 1.5]\n"))
    assert doc is not None
    assert _Numbers.model_validate(doc.data) == _Numbers(share=1.0, count=3, bands=(0.0, 1.5))


def test_a_key_given_twice_is_a_located_problem(tmp_path):
    """Two ``thresholds:`` sections: YAML keeps the last, and the first's thresholds were
    dropped without a word."""
    text = "thresholds:\n  B03: {value: 3}\ncity: {name_zh: 甲}\nthresholds:\n  B04: {value: 4}\n"
    doc, problems = read_yaml(write(tmp_path, text))
    assert doc is None
    assert [(p.row, p.column, p.found) for p in problems] == [
        (4, "thresholds", "the key 'thresholds' a second time (first on line 1)")
    ]
    nested = "city:\n  name_zh: 甲\n  name_zh: 乙\nlist: [{a: 1}, {a: 1, b: 2}]\n"
    assert [(p.row, p.column) for p in read_yaml(write(tmp_path, nested))[1]] == [
        (3, "city.name_zh")
    ]
    assert read_yaml_leniently(write(tmp_path, text)) is None  # the validation says why
