from auditlog.registry import auditlog

from .models import Attendance, Certificate, Cohort, Enrolment, Programme, Session

auditlog.register(Programme)
auditlog.register(Cohort)
auditlog.register(Session)
auditlog.register(Enrolment, exclude_fields=["offer_token"])
auditlog.register(Attendance)
auditlog.register(Certificate)
