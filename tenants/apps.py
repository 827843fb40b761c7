from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Firms and tenancy")

    def ready(self):
        from portal.accounts.personal_data import register_holder

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .personal_data import HOLDER

        register_holder(HOLDER)
