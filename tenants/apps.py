from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Firms and tenancy")

    def ready(self):
        from portal.accounts.personal_data import register_holder
        from portal.pagecache import register_group, watch_models

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .models import CallCriterion, CallRequirement, Firm, Lease, Site, Space, TenancyCall
        from .personal_data import HOLDER
        from .selectors import next_call_state_change

        register_holder(HOLDER)

        # Public pages (portal/pagecache.py): the calls, and the resident firms (home, directory).
        register_group("calls", changes_at=next_call_state_change)
        watch_models("calls", [TenancyCall, CallRequirement, CallCriterion, Site])
        register_group("residents")
        watch_models("residents", [Firm, Lease, Space, Site])
