"""The national 城市体检 of 2025 (framework ``mohurd_2025``): the Ministry of Housing and
Urban-Rural Development's basic indicator system (《城市体检工作手册（试行）》, May 2025) at four
levels, graded as the manual grades it.

The framework's data ship with this package: ``indicators.csv`` (the 60 indicators, checked
against the manual, see ``SOURCE.md``) and ``grading.yaml`` (the parameters of the default
grading rule, documented inline).  They are read by :func:`load_system`; a city's project is
read by :func:`healthcheck.inputs.national.load_project_inputs`.

The method, one function each (pure: frames in, frames or models out):

* :func:`grade_city` -- each observed 城区（城市） indicator graded 很好 / 较好 / 一般 / 不足 by
  the default rule (distance to the reference value or the city's threshold, the trend over the
  years held, the peer median), overridden by an expert grade where given (both kept), one
  step lower where residents scored it below 60 (不足 stays 不足);
* :func:`dimension_ratings` -- each dimension rated 优 / 良 / 中 / 差 by 第五章 表3
  (:func:`level_ratings`: every level, the sub-city ones from the ledger's judgements);
* :func:`ledger_counts` and :func:`judge_subcity` -- the sub-city levels (住房, 小区, 街区):
  the ledger's counts per 社区, 街道 and the city, 底线型 one-vote veto, 提升型 with the survey;
* :func:`remediation_rate` -- 问题整治完成率 (no. 60) from the previous year's ledger.

:data:`MOHURD_2025` implements the :class:`~healthcheck.engine.frameworks.Framework` protocol.
"""

from __future__ import annotations

from healthcheck.engine.frameworks.mohurd_2025.framework import (
    ASSESSED_COLUMNS,
    MOHURD_2025,
    Mohurd2025,
)
from healthcheck.engine.frameworks.mohurd_2025.grading import (
    GRADE_LABELS,
    GRADED_COLUMNS,
    GRADES,
    RATING_COLUMNS,
    RATING_LABELS,
    RATINGS,
    dimension_ratings,
    grade_city,
    level_ratings,
    lower_one,
    rate_dimension,
)
from healthcheck.engine.frameworks.mohurd_2025.ledger import (
    COUNT_COLUMNS,
    JUDGED_COLUMNS,
    judge_subcity,
    ledger_counts,
    remediation_rate,
)
from healthcheck.inputs.system import IndicatorSystem, SystemIndicator, load_system

__all__ = [
    "ASSESSED_COLUMNS",
    "COUNT_COLUMNS",
    "GRADED_COLUMNS",
    "GRADES",
    "GRADE_LABELS",
    "JUDGED_COLUMNS",
    "MOHURD_2025",
    "RATINGS",
    "RATING_COLUMNS",
    "RATING_LABELS",
    "IndicatorSystem",
    "Mohurd2025",
    "SystemIndicator",
    "dimension_ratings",
    "grade_city",
    "judge_subcity",
    "ledger_counts",
    "level_ratings",
    "load_system",
    "lower_one",
    "rate_dimension",
    "remediation_rate",
]
