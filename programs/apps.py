from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Training programmes")

    def ready(self):
        from portal.pagecache import register_group, watch_models
        from tenants.models import Firm

        from . import audit  # noqa: F401  (registers models with the audit log)
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
        from .selectors import next_cohort_state_change

        # Public pages (portal/pagecache.py): the catalogue and cohorts, and the outcomes.
        register_group("programmes", changes_at=next_cohort_state_change)
        watch_models("programmes", [Programme, Cohort, Session, Enrolment])
        register_group("outcomes")
        watch_models("outcomes", [ConsultingRequest, Assignment, KpiMeasurement, KpiTarget, Expert, Firm])
