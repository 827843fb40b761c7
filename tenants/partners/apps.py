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

        from portal.pagecache import register_group, watch_models

        from .models import MOU, Partner

        register_group("partners")  # the public partners page and API (portal/pagecache.py)
        watch_models("partners", [Partner, MOU])
