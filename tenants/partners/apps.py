from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tenants.partners"
    label = "partners"
    verbose_name = _("Partners and MOUs")

    def ready(self):
        from tenants.selectors import register_firm_record_section

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .selectors import firm_mous

        register_firm_record_section("mous", firm_mous)
