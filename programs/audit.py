from auditlog.registry import auditlog

from .models import (
    Assignment,
    Attendance,
    BudgetLine,
    Certificate,
    Cohort,
    ConsultingAttachment,
    ConsultingRequest,
    Deliverable,
    Enrolment,
    Expert,
    KpiMeasurement,
    KpiTarget,
    Milestone,
    Programme,
    Session,
    Spending,
)

auditlog.register(Programme)
auditlog.register(Cohort)
auditlog.register(Session)
auditlog.register(Enrolment, exclude_fields=["offer_token"])
auditlog.register(Attendance)
auditlog.register(Certificate)

auditlog.register(ConsultingRequest, m2m_fields={"tags"})
auditlog.register(ConsultingAttachment)
auditlog.register(Expert, m2m_fields={"skills"})
auditlog.register(Assignment)
auditlog.register(Milestone)
auditlog.register(Deliverable)
auditlog.register(KpiMeasurement)
auditlog.register(KpiTarget)
auditlog.register(BudgetLine)
auditlog.register(Spending)
