"""Many reports at once on Dask distributed: ``healthcheck batch MANIFEST``."""

from __future__ import annotations

from healthcheck.batch.refs import ReportRef

__all__ = ["ReportRef"]
