"""The resident sample survey (居民抽样问卷调查): sampling checks, weighting and estimation.

Pure functions over the validated responses (:mod:`healthcheck.inputs.survey`):
:func:`sampling_checks` (the manual's rules), :func:`rake` and :func:`domain_means` (weights
and weighted means with 95 % intervals), :func:`assess_survey` (all of it as
:class:`~healthcheck.results.model.SurveyResults`) and :func:`indicator_scores`, what the
national grading reads (a score below :data:`SURVEY_THRESHOLD` lowers a grade).
"""

from __future__ import annotations

from healthcheck.engine.survey.assess import (
    METHOD,
    assess_survey,
    indicator_scores,
    survey_weights,
    unit_scores,
)
from healthcheck.engine.survey.checks import sampling_checks
from healthcheck.engine.survey.estimate import Z95, Estimate, domain_means, rake, weighted_mean

__all__ = [
    "METHOD",
    "SURVEY_THRESHOLD",
    "Z95",
    "Estimate",
    "assess_survey",
    "domain_means",
    "indicator_scores",
    "rake",
    "sampling_checks",
    "survey_weights",
    "unit_scores",
    "weighted_mean",
]

#: the manual's threshold: a residents' score below it lowers an indicator's grade one step
SURVEY_THRESHOLD = 60.0
