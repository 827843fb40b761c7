"""The training staff API: cohorts, rosters and attendance (programme staff only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.accounts.recording import AccessRecordedMixin
from portal.api import HasRequiredPermission, TranslatedModelSerializer

from ..choices import PARTICIPANT_STATES, EnrolmentState
from ..models import Attendance, Cohort, Enrolment, Session
from ..selectors import cohorts_with_waitlist, roster_with_attendance
from ..services import attendance_mark


class RosterRowSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    firm = serializers.CharField(source="firm.name", default=None, read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    sessions_attended = serializers.IntegerField(read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "name",
            "email",
            "firm",
            "is_resident",
            "state",
            "state_label",
            "applied_at",
            "seated_at",
            "sessions_attended",
        ]


class StaffCohortSerializer(TranslatedModelSerializer):
    programme = serializers.CharField(source="programme.title", read_only=True)
    waitlisted = serializers.IntegerField(read_only=True)
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = Cohort
        fields = [
            "id",
            "programme",
            "name",
            "starts_on",
            "ends_on",
            "capacity",
            "seats_taken",
            "waitlisted",
            "closed_at",
            "sessions",
        ]

    def get_sessions(self, cohort) -> list[dict]:
        return [{"id": s.pk, "title": s.title, "starts_at": s.starts_at} for s in cohort.sessions.all()]


class AttendanceRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    name = serializers.CharField()
    present = serializers.BooleanField()


class AttendanceUpdateSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=True,
        help_text="Ids of the seated enrolments present at the session; everyone else is marked absent.",
    )


class StaffCohortViewSet(AccessRecordedMixin, viewsets.ReadOnlyModelViewSet):
    """Cohorts with seats and waitlist counts, and each cohort's roster."""

    access_firm_path = None  # a cohort's or session's people, of many firms

    serializer_class = StaffCohortSerializer
    permission_classes = [HasRequiredPermission]
    required_permission = "programs.view_enrolment"

    def get_queryset(self):
        return cohorts_with_waitlist()

    @extend_schema(responses=RosterRowSerializer(many=True))
    @action(detail=True)
    def roster(self, request, pk=None):
        page = self.paginate_queryset(roster_with_attendance(self.get_object()))
        return self.get_paginated_response(RosterRowSerializer(page, many=True).data)


class StaffSessionAttendanceViewSet(AccessRecordedMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One session's attendance: read it, or replace it with the list of those present."""

    access_firm_path = None  # a cohort's or session's people, of many firms

    permission_classes = [HasRequiredPermission]
    required_permission = "programs.view_attendance"
    write_permission = "programs.change_attendance"
    queryset = Session.objects.select_related("cohort")
    serializer_class = AttendanceRowSerializer

    def _rows(self, session):
        present = set(Attendance.objects.filter(session=session, present=True).values_list("enrolment_id", flat=True))
        seated = session.cohort.enrolments.filter(state__in=PARTICIPANT_STATES).select_related("user")
        return [{"enrolment": e.pk, "name": e.user.get_full_name(), "present": e.pk in present} for e in seated]

    @extend_schema(responses=AttendanceRowSerializer(many=True))
    def retrieve(self, request, pk=None):
        return Response(self._rows(self.get_object()))

    @extend_schema(request=AttendanceUpdateSerializer, responses=AttendanceRowSerializer(many=True))
    def update(self, request, pk=None):
        session = self.get_object()
        data = AttendanceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seated = set(session.cohort.enrolments.filter(state=EnrolmentState.SEATED).values_list("pk", flat=True))
        unknown = sorted(set(data.validated_data["present"]) - seated)
        if unknown:
            raise serializers.ValidationError({"present": [f"Not seated in this cohort: {unknown}"]})
        attendance_mark(session=session, present_enrolment_ids=set(data.validated_data["present"]))
        return Response(self._rows(session))
