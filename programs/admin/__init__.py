"""The programmes' admin: training (``cohorts``) and consulting (``consulting``); importing the modules
registers their model admins."""

from .cohorts import CohortAdminForm
from .consulting import KpiTargetAdmin

__all__ = ["CohortAdminForm", "KpiTargetAdmin"]
