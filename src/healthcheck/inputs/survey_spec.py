"""The resident survey's definition: its items, answer scale, score mapping and sampling rules.

A framework states its survey as data, beside its module
(``engine/frameworks/<framework>/survey-items.csv`` and ``survey.yaml``); a framework without
its own survey uses the national one (``mohurd_2025``), so that a plan assessment can carry
the same survey.  A city changes the scale, the threshold or the rules with
``<plan>/survey.yaml`` (the same keys, merged over the framework's key by key).

Read here rather than in the engine because the responses' reader needs it (the item ids and
the answers allowed); the file is read by path, so this module imports nothing of the engine.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from healthcheck.errors import InputError, Problem
from healthcheck.files import present
from healthcheck.inputs.yamlfile import Number, Whole, YamlDocument, read_yaml

__all__ = [
    "DEFAULT_SURVEY_FRAMEWORK",
    "ITEM_COLUMNS",
    "Quotas",
    "SurveyItem",
    "SurveySpec",
    "framework_survey_dir",
    "load_survey_spec",
]

#: the framework whose survey a framework without its own uses
DEFAULT_SURVEY_FRAMEWORK = "mohurd_2025"
#: the columns of survey-items.csv
ITEM_COLUMNS = (
    "id",
    "block",
    "block_zh",
    "block_en",
    "dimension_zh",
    "dimension_en",
    "item_zh",
    "item_en",
)
_FRAMEWORKS = Path(__file__).resolve().parents[1] / "engine" / "frameworks"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SurveyItem(_Strict):
    id: str
    block: str
    block_zh: str
    block_en: str
    dimension_zh: str
    dimension_en: str
    item_zh: str
    item_en: str


class ScalePoint(_Strict):
    score: Number = Field(ge=0, le=100)
    zh: str
    en: str


class Unusable(_Strict):
    max_unanswered: Number = Field(ge=0, le=1)
    straight_line_min: Whole = Field(ge=2)


class AgeQuota(_Strict):
    shares: dict[str, Number]
    tolerance: Number = Field(ge=0, le=1)


class Quotas(_Strict):
    per_community_min: Whole = Field(ge=1)
    rate_min: Number = Field(ge=0)
    rate_max: Number = Field(ge=0)
    total_min: Whole = Field(ge=0)
    female_max: Number = Field(ge=0, le=1)
    age: AgeQuota
    government_max: Number = Field(ge=0, le=1)
    incomes: list[str]


class SurveySpec(_Strict):
    framework: str
    source: str = ""
    scale: dict[str, ScalePoint] = Field(min_length=2)
    missing: list[str] = Field(default_factory=list)
    threshold: Number = Field(ge=0, le=100)
    min_cell: Whole = Field(ge=1)
    unusable: Unusable
    quotas: Quotas
    items: list[SurveyItem] = Field(min_length=1)

    @property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]

    @property
    def scores(self) -> dict[str, float]:
        """Answer code -> score (0-100)."""
        return {k: v.score for k, v in self.scale.items()}


def framework_survey_dir(framework: str) -> Path:
    """The folder holding the survey files of ``framework`` (or of the default framework)."""
    own = _FRAMEWORKS / framework
    return own if (own / "survey.yaml").is_file() else _FRAMEWORKS / DEFAULT_SURVEY_FRAMEWORK


def _yaml(path: Path) -> tuple[dict[str, Any], YamlDocument]:
    doc, problems = read_yaml(path)
    if doc is None:
        raise InputError(problems)
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), None, None, "no mapping", "keys as in survey.yaml")])
    return {str(k): v for k, v in data.items()}, doc


_BOOL = "tag:yaml.org,2002:bool"
_QUOTE_IT = "the code in quotes (YAML reads yes, no, on, off, true and false as booleans)"


def _boolean_codes(doc: YamlDocument, name: str) -> list[Problem]:
    """Answer codes that YAML reads as booleans (``yes:`` in ``scale``, ``- no`` in
    ``missing``), each on its own line: they would become the codes "True" and "False", which
    no answer has."""
    problems = []
    root = doc.node
    sections = (
        dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    )
    scale, missing = sections.get("scale"), sections.get("missing")
    codes: list[tuple[yaml.Node, str, str]] = []
    if isinstance(scale, yaml.MappingNode):
        codes += [(k, f"scale.{k.value}", "an answer code") for k, _ in scale.value]
    if isinstance(missing, yaml.SequenceNode):
        codes += [(v, f"missing.{i}", "a missing-answer code") for i, v in enumerate(missing.value)]
    for node, column, what in codes:
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            found = f"{what} read as the boolean {node.value}"
            problems.append(Problem(name, node.start_mark.line + 1, column, found, _QUOTE_IT))
    return problems


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        out[key] = (
            _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
        )
    return out


def _items(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0]) if rows else []
    if tuple(header) != ITEM_COLUMNS:
        raise InputError(
            [
                Problem(
                    str(path),
                    1,
                    None,
                    f"the columns {', '.join(header)}",
                    f"the columns {', '.join(ITEM_COLUMNS)}",
                )
            ]
        )
    return rows


def load_survey_spec(framework: str, plan_dir: Path | None = None) -> SurveySpec:
    """The survey of ``framework``, with the plan's ``survey.yaml`` merged over it."""
    folder = framework_survey_dir(framework)
    path = folder / "survey.yaml"
    data, doc = _yaml(path)
    docs = [(str(path), doc)]  # where a key may come from: the plan's file first
    problems = _boolean_codes(doc, str(path))
    override = Path(plan_dir) / "survey.yaml" if plan_dir is not None else None
    if override is not None and present(override):
        over, over_doc = _yaml(override)
        problems += _boolean_codes(over_doc, str(override))
        data = _merge(data, over)
        docs.insert(0, (str(override), over_doc))
    if problems:
        raise InputError(problems)
    data["scale"] = {str(k): v for k, v in (data.get("scale") or {}).items()}
    data["missing"] = [str(m) for m in data.get("missing") or []]
    data["framework"] = framework
    data["items"] = _items(folder / "survey-items.csv")
    try:
        return SurveySpec.model_validate(data)
    except ValidationError as exc:
        raise InputError(_located(e, docs) for e in exc.errors()) from None


def _located(err: ErrorDetails, docs: list[tuple[str, YamlDocument]]) -> Problem:
    """An error of the merged survey in the file that holds its key (the plan's survey.yaml
    over the framework's), on its line; a missing key in the first file."""
    name, doc = next((d for d in docs if d[1].has(tuple(err["loc"]))), docs[0])
    return doc.problem(err, name)
