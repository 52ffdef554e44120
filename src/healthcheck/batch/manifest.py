"""The batch manifest: which reports to build, read from TOML (or YAML) and checked at once.

::

    # batch.toml -- paths relative to this file's folder
    [[reports]]                 # one report
    plan = "data/plan"          # default: <data>/plan
    data = "data"
    year = 2024                 # default: the latest year with an observation file
    label = "武汉 2024"          # default: "<city> <year>" (plan.yaml city.name_zh)
    out = "wuhan-2024"          # the report's folder under --out; default: from the label

    [[years]]                   # every year with an observation file of one project
    data = "data"               # plan, label and out as above; {year} in label and out

    [[projects]]                # every project under a folder: each subfolder holding
    folder = "cities"           # data/observations/ (plan: plan/ or data/plan/)
    year = 2025                 # optional; all_years = true for every year of each

    [[districts]]               # one report per district of a plan whose districts have data
    data = "data"               # plan and year as in [[reports]]
    codes = ["420102"]          # optional: these districts; default every district of
                                # plan.yaml with a value in the observation files
    label = "{district} {year}" # default: "<city><district> <year>", e.g. "武汉市江岸区 2025"
    out = "{code}-{year}"       # default: "district-{code}-{year}"

A district's report (``healthcheck report --district CODE``) assesses the district's own
series against the targets a district can meet by itself (:mod:`healthcheck.inputs.district`).

Every problem is reported at once as ``batch.toml:12:reports[3].plan: found …; expected …``
(:class:`~healthcheck.errors.InputError`, exit 2).

Pure logic plus reading the manifest and listing folders; standard library and PyYAML only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from healthcheck.errors import InputError, Problem
from healthcheck.files import district_values, observation_files

__all__ = ["PATTERNS", "ReportSpec", "district_codes", "load_manifest", "parse_manifest"]

#: the manifest's lists: ``reports`` (one each), ``years``, ``projects`` and ``districts``
#: (patterns)
PATTERNS = ("reports", "years", "projects", "districts")
_KEYS = {
    "reports": {"plan", "data", "year", "label", "out"},
    "years": {"plan", "data", "label", "out"},
    "projects": {"folder", "year", "all_years"},
    "districts": {"plan", "data", "year", "codes", "label", "out"},
}


@dataclass(frozen=True)
class ReportSpec:
    """One report of the batch, with absolute paths."""

    label: str
    plan_dir: Path
    data_dir: Path
    year: int
    #: the report's folder under the batch's output folder (its build's ``out_dir``)
    out: str
    framework: str = "plan_targets"
    #: a district's code: that district's report ("" the whole plan)
    district: str = ""

    def params(self, out_root: Path) -> dict[str, Any]:
        """The task's parameters: JSON-serialisable, absolute paths."""
        return {
            "label": self.label,
            "framework": self.framework,
            "plan_dir": str(self.plan_dir),
            "data_dir": str(self.data_dir),
            "year": self.year,
            "out_dir": str(Path(out_root).resolve() / self.out),
            "district": self.district,
        }


def load_manifest(path: Path) -> list[ReportSpec]:
    """Read and check ``path`` (``.toml``, or ``.yaml``/``.yml``); every problem at once."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(str(path), None, None, str(exc), "a readable UTF-8 manifest")
        raise InputError([problem]) from None
    return parse_manifest(text, path)


def parse_manifest(text: str, path: Path) -> list[ReportSpec]:
    """The reports of a manifest's ``text``; paths are relative to ``path``'s folder."""
    name = str(path)
    locate: _Locator
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            raw = yaml.safe_load(text) or {}
            locate = _YamlLocator(text)
        else:
            raw = tomllib.loads(text)
            locate = _TomlLocator(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError([Problem(name, int(line[1]) if line else None, None, str(exc),
                                  "valid TOML")]) from None  # fmt: skip
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = Problem(name, row, None, str(exc).splitlines()[0], "valid YAML")
        raise InputError([problem]) from None
    if not isinstance(raw, dict):
        raise InputError([Problem(name, 1, None, type(raw).__name__, "a table of lists")])
    reader = _Reader(name, Path(path).resolve().parent, locate)
    specs = reader.read(raw)
    reader.check_unique(specs)
    if reader.problems:
        raise InputError(reader.problems)
    return specs


class _Reader:
    """Collects the reports and the problems of one manifest."""

    def __init__(self, name: str, base: Path, locate: _Locator) -> None:
        self.name = name
        self.base = base
        self.locate = locate
        self.problems: list[Problem] = []
        self._where: dict[str, tuple[str, int]] = {}  # out -> (list, index) that made it

    def problem(self, table: str, index: int | None, key: str | None, found: str, exp: str) -> None:
        column = table if index is None else f"{table}[{index + 1}]"
        column += f".{key}" if key else ""
        self.problems.append(Problem(self.name, self.locate(table, index, key), column, found, exp))

    def read(self, raw: Mapping[str, Any]) -> list[ReportSpec]:
        for key in raw:
            if key not in PATTERNS:
                self.problem(key, None, None, repr(key), f"one of {', '.join(PATTERNS)}")
        specs: list[ReportSpec] = []
        for table in PATTERNS:
            entries = raw.get(table, [])
            if not isinstance(entries, list):
                self.problem(table, None, None, type(entries).__name__, f"a list ([[{table}]])")
                continue
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    self.problem(table, i, None, repr(entry), "a table of keys")
                    continue
                for key in sorted(set(entry) - _KEYS[table]):
                    self.problem(
                        table, i, key, repr(key), f"one of {', '.join(sorted(_KEYS[table]))}"
                    )
                for spec in self._expand(table, i, entry):
                    self._where.setdefault(spec.out, (table, i))
                    specs.append(spec)
        if not specs and not self.problems:
            self.problem("reports", None, None, "no report", "at least one [[reports]], "
                         "[[years]], [[projects]] or [[districts]] entry")  # fmt: skip
        return specs

    def _expand(self, table: str, i: int, entry: Mapping[str, Any]) -> Iterator[ReportSpec]:
        if table == "projects":
            yield from self._projects(i, entry)
            return
        found = self._project(table, i, entry)
        if found is None:
            return
        plan, data, years = found
        if table == "years":
            chosen = sorted(years)
        elif table == "districts":
            year = self._year(table, i, entry.get("year"), years)
            if year is not None:
                yield from self._districts(i, entry, plan, data, year)
            return
        else:
            year = self._year(table, i, entry.get("year"), years)
            chosen = [] if year is None else [year]
        for year in chosen:
            yield self._spec(table, i, entry, plan, data, year)

    def _project(
        self, table: str, i: int, entry: Mapping[str, Any]
    ) -> tuple[Path, Path, list[int]] | None:
        data = self._folder(table, i, entry, "data", None)
        plan = self._folder(table, i, entry, "plan", None if data is None else data / "plan")
        if data is None or plan is None:
            return None
        years = sorted(observation_files(data))
        if not years:
            self.problem(table, i, "data", f"{data} without observations/<year>.csv",
                         "a data folder with observation files")  # fmt: skip
            return None
        if not (plan / "indicators.csv").is_file():
            key = "plan" if "plan" in entry else "data"
            self.problem(table, i, key, f"{plan} without indicators.csv",
                         "a plan folder (indicators.csv, plan.yaml)")  # fmt: skip
            return None
        return plan, data, years

    def _folder(
        self, table: str, i: int, entry: Mapping[str, Any], key: str, default: Path | None
    ) -> Path | None:
        value = entry.get(key)
        if value is None:
            if default is None:
                self.problem(table, i, key, "nothing", "a folder, relative to the manifest")
            return default
        if not isinstance(value, str) or not value.strip():
            self.problem(table, i, key, repr(value), "a folder, relative to the manifest")
            return None
        folder = (self.base / value).resolve()
        if not folder.is_dir():
            self.problem(table, i, key, f"{value!r} ({folder}: no such folder)", "a folder")
            return None
        return folder

    def _year(self, table: str, i: int, value: Any, years: list[int]) -> int | None:
        if value is None:
            return years[-1]
        if isinstance(value, bool) or not isinstance(value, int) or value not in years:
            self.problem(table, i, "year", repr(value), "a year with an observation file: "
                         + ", ".join(map(str, years)))  # fmt: skip
            return None
        return value

    def _spec(
        self, table: str, i: int, entry: Mapping[str, Any], plan: Path, data: Path, year: int
    ) -> ReportSpec:
        city, framework = _plan_facts(plan)
        label = self._text(table, i, entry, "label", f"{city or data.parent.name} {year}", year)
        out = self._text(table, i, entry, "out", "", year) or _slug(label)
        if table == "years" and str(year) not in out:
            out = f"{out}/{year}"  # one build folder per year: each build keeps its cache state
        return ReportSpec(label, plan, data, year, out, framework)

    def _text(
        self,
        table: str,
        i: int,
        entry: Mapping[str, Any],
        key: str,
        default: str,
        year: int,
        **fields: str,
    ) -> str:
        value = entry.get(key, default)
        if not isinstance(value, str):
            self.problem(table, i, key, repr(value), "a string")
            return default
        for name, text in {"year": str(year), **fields}.items():
            value = value.replace(f"{{{name}}}", text)
        return value

    def _districts(
        self, i: int, entry: Mapping[str, Any], plan: Path, data: Path, year: int
    ) -> Iterator[ReportSpec]:
        """One report per district: those of ``codes``, or every district of plan.yaml with a
        value in the observation files."""
        city, framework = _plan_facts(plan)
        listed = _plan_districts(plan)
        if framework != "plan_targets":
            key = "plan" if "plan" in entry else "data"
            self.problem("districts", i, key, f"a '{framework}' plan", "a plan assessed "
                         "against its own targets (framework plan_targets)")  # fmt: skip
            return
        codes = entry.get("codes")
        if codes is None:
            with_data = district_codes(data)
            chosen = [c for c in listed if c in with_data]
            if not chosen:
                self.problem("districts", i, "data", f"{data}: no district values",
                             "observations with an area code of a district of plan.yaml "
                             f"({', '.join(listed) or 'which lists none'})")  # fmt: skip
        elif not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            self.problem("districts", i, "codes", repr(codes), 'a list of district codes '
                         '(strings: codes = ["420102"])')  # fmt: skip
            return
        else:
            chosen = list(dict.fromkeys(codes))
            for c in chosen:
                if c not in listed:
                    known = ", ".join(listed) or "none listed"
                    self.problem("districts", i, "codes", repr(c),
                                 f"the code of a district of plan.yaml ({known})")  # fmt: skip
            chosen = [c for c in chosen if c in listed]
        for code in chosen:
            zh = listed[code]
            label = self._text("districts", i, entry, "label", f"{city}{zh} {year}", year,
                               district=zh, code=code)  # fmt: skip
            out = self._text("districts", i, entry, "out", f"district-{code}-{year}", year,
                             district=zh, code=code)  # fmt: skip
            yield ReportSpec(label, plan, data, year, out, framework, code)

    def _projects(self, i: int, entry: Mapping[str, Any]) -> Iterator[ReportSpec]:
        folder = self._folder("projects", i, entry, "folder", None)
        if folder is None:
            return
        all_years = entry.get("all_years", False)
        if not isinstance(all_years, bool):
            self.problem("projects", i, "all_years", repr(all_years), "true or false")
        found = 0
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            data = sub / "data" if (sub / "data").is_dir() else sub
            plan = sub / "plan" if (sub / "plan").is_dir() else data / "plan"
            years = sorted(observation_files(data))
            if not years or not (plan / "indicators.csv").is_file():
                continue  # not a project
            found += 1
            chosen = (
                years
                if all_years is True
                else [self._year("projects", i, entry.get("year"), years)]
            )
            for year in chosen:
                if year is not None:
                    yield self._spec(
                        "projects", i, {"out": f"{sub.name}-{{year}}"}, plan, data, year
                    )
        if not found:
            self.problem("projects", i, "folder", f"{folder} holding no project",
                         "subfolders with data/observations/<year>.csv and a plan")  # fmt: skip

    def check_unique(self, specs: list[ReportSpec]) -> None:
        seen: dict[str, ReportSpec] = {}
        for spec in specs:
            if spec.out in seen:
                table, i = self._where[spec.out]
                self.problem(table, i, "out", f"{spec.out!r} twice ({seen[spec.out].label}, "
                             f"{spec.label})", "one output folder per report")  # fmt: skip
            seen[spec.out] = spec


def _plan_facts(plan: Path) -> tuple[str, str]:
    """The city's name and the framework, read from plan.yaml without validating it."""
    path = plan / "plan.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raw = {}  # the build's validation names the problem
    raw = raw if isinstance(raw, dict) else {}
    city = raw.get("city")
    city = city if isinstance(city, dict) else {}
    return str(city.get("name_zh") or ""), str(raw.get("framework") or "plan_targets")


def _plan_districts(plan: Path) -> dict[str, str]:
    """plan.yaml's districts, code to Chinese name, read without validating it."""
    path = plan / "plan.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raw = {}
    found = raw.get("districts") if isinstance(raw, dict) else None
    return {
        str(d["code"]): str(d.get("name_zh") or d["code"])
        for d in (found if isinstance(found, list) else [])
        if isinstance(d, dict) and d.get("code") is not None
    }


def district_codes(data: Path) -> set[str]:
    """The area codes with a value in the observation files of ``data`` (read leniently)."""
    return {area for area, _ in district_values(observation_files(data).values())}


def _slug(label: str) -> str:
    """A folder name for a label: word characters (CJK too), others become ``-``."""
    return re.sub(r"[^\w.]+", "-", label, flags=re.UNICODE).strip("-.") or "report"


class _Locator:
    """The line of ``table[index].key`` in the manifest's text (None: unknown)."""

    def __call__(self, table: str, index: int | None, key: str | None) -> int | None:
        raise NotImplementedError


class _TomlLocator(_Locator):
    """Finds ``[[table]]`` headers and ``key =`` lines (tomllib keeps no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def __call__(self, table: str, index: int | None, key: str | None) -> int | None:
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        starts = [n for n, ln in enumerate(self.lines) if header.match(ln)]
        if index is None or index >= len(starts):
            plain = re.compile(rf"^\s*(\[\[\s*)?{re.escape(table)}\s*(=|\]\])")
            hit = next((n for n, ln in enumerate(self.lines) if plain.match(ln)), None)
            return None if hit is None else hit + 1
        start = starts[index]
        if key is not None:
            assign = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for n in range(start + 1, len(self.lines)):
                if self.lines[n].lstrip().startswith("["):
                    break
                if assign.match(self.lines[n]):
                    return n + 1
        return start + 1


class _YamlLocator(_Locator):
    """Walks PyYAML's node tree, which keeps every node's line."""

    def __init__(self, text: str) -> None:
        try:
            self.root = yaml.compose(text)
        except yaml.YAMLError:
            self.root = None

    def __call__(self, table: str, index: int | None, key: str | None) -> int | None:
        node: Any = self.root
        for step in (table, index, key):
            if step is None or node is None:
                break
            if isinstance(node, yaml.MappingNode):
                pairs = [(k, v) for k, v in node.value if k.value == step]
                node = pairs[0][1] if pairs else None
                if pairs and step == key:
                    node = pairs[0][0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step] if step < len(node.value) else None
            else:
                node = None
        return None if node is None else node.start_mark.line + 1
