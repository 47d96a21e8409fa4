"""Compatibility alias: the job registry lives in :mod:`fupin_docs.app.jobs`."""

from .app.jobs import JOBS, Job

__all__ = ["JOBS", "Job"]
