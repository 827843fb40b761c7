from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Training programmes")

    def ready(self):
        from portal.accounts.consent import register_consent_items
        from portal.accounts.personal_data import register_holder
        from portal.pagecache import register_group, watch_models
        from tenants.models import Firm
        from tenants.scoping import register_firm_reach

        from . import (
            audit,  # noqa: F401  (registers models with the audit log)
            consent,
        )
        from .models import (
            Assignment,
            Cohort,
            ConsultingRequest,
            Enrolment,
            Expert,
            KpiMeasurement,
            KpiTarget,
            Programme,
            Session,
        )
        from .personal_data import HOLDER
        from .selectors import engagement_firm_ids, next_cohort_state_change

        register_holder(HOLDER)
        register_consent_items(consent.REQUIRED, *consent.OPTIONAL, consent.CONSULTING_REQUIRED)
        register_firm_reach(engagement_firm_ids)

        # Public pages (portal/pagecache.py): the catalogue and cohorts, and the outcomes.
        register_group("programmes", changes_at=next_cohort_state_change)
        watch_models("programmes", [Programme, Cohort, Session, Enrolment])
        register_group("outcomes")
        watch_models("outcomes", [ConsultingRequest, Assignment, KpiMeasurement, KpiTarget, Expert, Firm])
