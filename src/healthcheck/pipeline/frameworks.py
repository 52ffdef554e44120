"""What the pipeline of each assessment framework looks like: its notebooks, its levels and
the input files beyond the observations that its notebooks read (and so its cache keys cover).

The plan's targets (``plan_targets``, the default) run one notebook per domain of the plan
(``<notebooks>/<domain>.ipynb``, else the generic ``domain.ipynb``) and ``summary.ipynb``;
they read the observations and ``<data>/findings/``.

The national 城市体检 (``mohurd_2025``) runs ``<notebooks>/national/level.ipynb`` once per
level -- ``housing`` 住房, ``community`` 小区（社区）, ``block`` 街区, ``city`` 城区（城市）,
parameter ``domain`` -- and ``<notebooks>/national/summary.ipynb``.  Its notebooks read,
besides the observations, the problem ledgers, the expert grades, the peer-city values, the
resident survey (``survey/`` and ``survey-margins.csv``) and the findings of the data folder;
the plan folder (refinements, units, the city's 特色指标) is covered as a whole, as for every
framework.  When a survey file is given, ``<notebooks>/survey.ipynb`` runs too, for either
framework (its results in ``<out>/<year>/domains/survey/``, read by the report's survey
chapter); the national notebooks compute the residents' scores they grade with from the
survey files themselves, so that no notebook waits for another.

Standard library only, like :mod:`healthcheck.pipeline.tasks`: a rebuild with nothing to do
imports neither pandas nor the engine.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "NATIONAL_LEVELS",
    "PIPELINES",
    "FrameworkPipeline",
    "pipeline_of",
]

_PKG = Path(__file__).resolve().parents[1]

#: the levels of the national check, in print order (the plan's domains)
NATIONAL_LEVELS: tuple[str, ...] = ("housing", "community", "block", "city")

#: how the framework's indicators.csv may name a level (its id, or the manual's words)
_LEVEL_WORDS = {
    "housing": "housing", "住房": "housing",
    "community": "community", "小区（社区）": "community", "小区(社区)": "community",
    "小区": "community", "社区": "community",
    "block": "block", "街区": "block",
    "city": "city", "城区（城市）": "city", "城区(城市)": "city", "城区": "city", "城市": "city",
}  # fmt: skip


@dataclass(frozen=True)
class FrameworkPipeline:
    """The notebooks and inputs of one framework's build."""

    name: str
    #: the folder of the framework's notebooks, relative to the notebooks folder ("" = itself)
    folder: str = ""
    #: the notebook of a domain without one of its own
    generic: str = "domain.ipynb"
    summary: str = "summary.ipynb"
    #: the framework's fixed levels (the plan's domains); None: the plan's own domains
    levels: tuple[str, ...] | None = None
    #: the framework's indicator list (package data), read for the levels' indicator ids
    indicators: Path | None = None
    #: data folders and files (relative to the data folder) every notebook of it reads
    inputs: tuple[str, ...] = ("findings",)
    #: a domain notebook of its own, ``<id>.ipynb``, is looked for (the plan's domains only)
    own_notebooks: bool = True

    def notebooks_dir(self, notebooks: Path) -> Path:
        return notebooks / self.folder if self.folder else notebooks

    def level_indicators(self) -> dict[str, list[str]]:
        """The framework's indicator ids by level (empty without its indicator list)."""
        if self.indicators is None or not self.indicators.is_file():
            return {}
        text = self.indicators.read_bytes().decode("utf-8-sig", errors="replace")
        out: dict[str, list[str]] = {lv: [] for lv in self.levels or ()}
        for row in csv.DictReader(io.StringIO(text)):
            level = _LEVEL_WORDS.get((row.get("level") or "").strip())
            if level is not None:
                out.setdefault(level, []).append((row.get("id") or "").strip())
        return out

    def input_files(self, data_dir: Path) -> list[Path]:
        """The files of :attr:`inputs` that exist under ``data_dir``."""
        found: list[Path] = []
        for name in self.inputs:
            path = data_dir / name
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                found.append(path)
        return found


#: the pipelines, by framework name (a framework not listed runs as ``plan_targets`` does)
PIPELINES: dict[str, FrameworkPipeline] = {
    "plan_targets": FrameworkPipeline("plan_targets"),
    "mohurd_2025": FrameworkPipeline(
        "mohurd_2025",
        folder="national",
        generic="level.ipynb",
        levels=NATIONAL_LEVELS,
        indicators=_PKG / "engine" / "frameworks" / "mohurd_2025" / "indicators.csv",
        inputs=("findings", "ledgers", "grades", "peers", "survey", "survey-margins.csv"),
        own_notebooks=False,
    ),
}


def pipeline_of(framework: str) -> FrameworkPipeline:
    return PIPELINES.get(framework, PIPELINES["plan_targets"])
