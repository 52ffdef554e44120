"""The facade the notebooks call: a notebook opens its domain (or the summary) and asks for its
parts; each part is shown in the notebook and recorded for the report.

::

    from healthcheck.notebook import open_domain
    ctx = open_domain(domain, year=year, plan_dir=plan_dir, data_dir=data_dir, out_dir=out_dir)
    ctx.overview(); ctx.table(); ctx.charts(); ctx.analysis(); ctx.maps(); ctx.write()

* :mod:`~healthcheck.notebook.domain` -- :class:`DomainContext`, :func:`open_domain`;
* :mod:`~healthcheck.notebook.summary` -- :class:`SummaryContext`, :func:`open_summary`;
* :mod:`~healthcheck.notebook.national` and :mod:`~healthcheck.notebook.national_summary` --
  the national 城市体检's notebooks (:func:`open_level`, :func:`open_national_summary`);
* :mod:`~healthcheck.notebook.record` -- what is recorded, replaced when a cell runs again;
* :mod:`~healthcheck.notebook.rows` -- the indicator and district rows of the results;
* :mod:`~healthcheck.notebook.display` -- what the notebook shows;
* :mod:`~healthcheck.notebook.prose` -- the analysts' markdown prose for the report
  (:func:`~healthcheck.notebook.prose.attach_prose`, called by the build).

What a notebook records reaches the report through :mod:`healthcheck.results` only.
"""

from __future__ import annotations

from healthcheck.notebook.display import records
from healthcheck.notebook.domain import DomainContext, open_domain
from healthcheck.notebook.national import LevelContext, open_level
from healthcheck.notebook.national_summary import NationalSummary, open_national_summary
from healthcheck.notebook.summary import SummaryContext, open_summary
from healthcheck.notebook.survey import SurveyContext, open_survey

__all__ = [
    "DomainContext",
    "LevelContext",
    "NationalSummary",
    "SummaryContext",
    "SurveyContext",
    "open_domain",
    "open_level",
    "open_national_summary",
    "open_summary",
    "open_survey",
    "records",
]
