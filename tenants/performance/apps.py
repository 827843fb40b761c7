from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "tenants.performance"
    label = "performance"
    verbose_name = _("Tenant performance returns")

    def ready(self):
        from tenants.selectors import register_firm_record_section

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .selectors import firm_returns

        register_firm_record_section("performance_returns", firm_returns)
