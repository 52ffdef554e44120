"""A reference to one built report of a batch, as the cross-report comparison reads it.

Shared between the batch runner (:mod:`healthcheck.batch.run`) and the comparison
(:mod:`healthcheck.batch.compare`); standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ReportRef"]


@dataclass(frozen=True)
class ReportRef:
    """One successfully built report of a batch."""

    #: how the comparison names the report: e.g. "武汉 2025", a district's name or a year
    label: str
    #: the assessment framework, as :mod:`healthcheck.pipeline.frameworks` names it:
    #: ``"plan_targets"`` or ``"mohurd_2025"``
    framework: str
    #: the report's year
    year: int
    #: the build's out dir for that year (holds ``results/`` and ``report.pdf``)
    build_dir: Path
    #: the plan folder the report was built from
    plan_dir: Path
    #: the data folder the report was built from
    data_dir: Path
    #: a district's report: the district's code ("" the whole plan)
    district: str = ""

    @property
    def group(self) -> str:
        """The comparison the report is part of: its framework, and the district reports
        apart from the reports of whole plans (a city is not ranked among its districts)."""
        return f"{self.framework}-districts" if self.district else self.framework
