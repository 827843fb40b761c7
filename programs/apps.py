from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Training programmes")

    def ready(self):
        from portal.accounts.personal_data import register_holder
        from tenants.scoping import register_firm_reach

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .personal_data import HOLDER
        from .selectors import engagement_firm_ids

        register_holder(HOLDER)
        register_firm_reach(engagement_firm_ids)
