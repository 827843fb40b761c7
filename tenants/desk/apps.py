from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "tenants.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self):
        from tenants.selectors import register_firm_record_section

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .selectors import firm_service_requests

        register_firm_record_section("service_requests", firm_service_requests)
