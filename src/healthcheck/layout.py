"""Where a build puts things: one object names every path under the output folder.

::

    <out>/.cache/state.json                 the cache's state (pipeline.cache)
    <out>/<year>/domains/<domain>/          a domain's results (results.store)
    <out>/<year>/summary/                   the summary's results
    <out>/<year>/notebooks/<name>.ipynb     the executed notebooks
    <out>/<year>/report.pdf, .html, .xlsx   the report's outputs (report.writers)
    <out>/<year>/tables/                    the report's CSV tables

Standard library only: the runner decides that nothing needs doing without importing pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SUMMARY", "SURVEY", "BuildLayout"]

#: the name of the summary among the notebooks and results
SUMMARY = "summary"
#: the name of the resident survey among the notebooks and results (its results folder is
#: ``domains/survey/``, beside the domains')
SURVEY = "survey"


@dataclass(frozen=True)
class BuildLayout:
    """The paths of one report year's build under ``out_dir``."""

    out_dir: Path
    year: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "out_dir", Path(self.out_dir))
        object.__setattr__(self, "year", int(self.year))

    @property
    def year_dir(self) -> Path:
        return self.out_dir / str(self.year)

    @property
    def cache_dir(self) -> Path:
        return self.out_dir / ".cache"

    @property
    def state_path(self) -> Path:
        return self.cache_dir / "state.json"

    @property
    def domains_dir(self) -> Path:
        return self.year_dir / "domains"

    def results_dir(self, name: str) -> Path:
        """The results folder of a domain, or of the summary (``name == SUMMARY``)."""
        return self.year_dir / SUMMARY if name == SUMMARY else self.domains_dir / name

    @property
    def summary_dir(self) -> Path:
        return self.results_dir(SUMMARY)

    @property
    def notebooks_dir(self) -> Path:
        return self.year_dir / "notebooks"

    def executed_notebook(self, name: str) -> Path:
        return self.notebooks_dir / f"{name}.ipynb"

    def output(self, filename: str) -> Path:
        """A report output: ``report.pdf``, ``report.html``, ``report.xlsx``."""
        return self.year_dir / filename

    @property
    def tables_dir(self) -> Path:
        return self.year_dir / "tables"
