"""The partners API: partners and MOUs (public fields for anyone, staff fields with permissions), obligations."""

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import HasRequiredPermission
from portal.time import hub_today
from tenants.api.views import REFUSED

from ..choices import ObligationStatus
from ..filters import MOUFilterSet, ObligationFilterSet
from ..models import MOU, Obligation, ObligationNote, obligation_overdue
from ..selectors import mous_visible_to, partners_visible_to
from ..services import (
    mou_activate,
    mou_create,
    mou_renew,
    mou_sign,
    mou_terminate,
    obligation_complete,
    obligation_create,
    obligation_reopen,
    obligation_waive,
)
from .serializers import (
    MOU_STAFF_FIELDS,
    MOURenewSerializer,
    MOUSerializer,
    MOUSignSerializer,
    MOUTerminateSerializer,
    MOUWriteSerializer,
    ObligationSerializer,
    ObligationStatusSerializer,
    ObligationWriteSerializer,
    PartnerSerializer,
)


def _restricted(view, names) -> dict:
    """``hidden_fields`` for the serializer; the schema (a fake view) documents every field."""
    return {} if getattr(view, "swagger_fake_view", False) else {"hidden_fields": names}


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner organisations: those with a public MOU, with those MOUs, for anyone.

    Staff who may view partners see every partner and its business registration number; contact
    persons (personal data) only with the permission to view them. Others never see either.
    """

    serializer_class = PartnerSerializer
    permission_classes = [permissions.AllowAny]
    public_page_groups = ("partners",)  # anonymous reads from the page cache (portal/pagecache.py)

    def get_queryset(self):
        user = self.request.user
        queryset = partners_visible_to(user)
        if user.has_perm("partners.view_partner"):
            public = Prefetch("mous", queryset=MOU.objects.public().order_by("-signed_on", "pk"), to_attr="public_mous")
            queryset = queryset.prefetch_related(public)
        if user.has_perm("partners.view_partnercontact"):
            queryset = queryset.prefetch_related("contacts")
        return queryset

    def get_serializer_context(self):
        user = self.request.user
        hidden = [
            *([] if user.has_perm("partners.view_partner") else ["brn"]),
            *([] if user.has_perm("partners.view_partnercontact") else ["contacts"]),
        ]
        return {**super().get_serializer_context(), **_restricted(self, hidden)}


class MOUPermission(permissions.BasePermission):
    """Reading is public (the queryset limits it to public MOUs); writing needs the MOU permissions."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = "partners.add_mou" if view.action == "create" else "partners.change_mou"
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(needed))


@extend_schema_view(
    list=extend_schema(summary="MOUs: the public ones for anyone, every MOU for staff"),
    retrieve=extend_schema(summary="One MOU (a non-public one answers 404 to anyone but staff)"),
)
class MOUViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """MOUs between the city/hub and its partners, filtered like the staff MOU timeline.

    Anyone reads the public, signed ones with their public fields. Staff who may view MOUs read
    every MOU with its terms, renewal dates, firms and obligation counts, and may create MOUs and
    move them through sign, activate, terminate and renew (each refusal is a 400 naming the field).
    """

    serializer_class = MOUSerializer
    permission_classes = [MOUPermission]
    filterset_class = MOUFilterSet

    def _is_staff(self) -> bool:
        return self.request.user.has_perm("partners.view_mou")

    def get_queryset(self):
        queryset = mous_visible_to(self.request.user).prefetch_related("partners").order_by("-effective_from", "pk")
        if self._is_staff():
            today = hub_today()
            next_term = MOU.objects.filter(previous_term=OuterRef("pk")).values("pk")[:1]
            queryset = queryset.prefetch_related("firms", "training_programmes").annotate(
                next_term_id=Subquery(next_term),
                open_obligations=Count(
                    "obligations", filter=Q(obligations__status=ObligationStatus.OPEN), distinct=True
                ),
                overdue_obligations=Count(
                    "obligations",
                    filter=obligation_overdue(today, obligation="obligations__", mou=""),
                    distinct=True,
                ),
            )
        return queryset

    def get_serializer_context(self):
        hidden = [] if self._is_staff() else list(MOU_STAFF_FIELDS)
        return {**super().get_serializer_context(), **_restricted(self, hidden)}

    def _representation(self, mou: MOU, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=mou.pk)).data, status=status_code)

    def _target(self) -> MOU:
        # Only staff reach the write actions (MOUPermission), so any MOU may be the target.
        return get_object_or_404(MOU, pk=self.kwargs["pk"])

    @extend_schema(
        summary="Create an MOU (staff): a draft, or signed when signed_on is given",
        request=MOUWriteSerializer,
        responses={201: MOUSerializer, 400: REFUSED, 403: OpenApiResponse(description="Not staff")},
    )
    def create(self, request):
        serializer = MOUWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        mou = mou_create(partners=fields.pop("partners"), firms=fields.pop("firms", []), **fields)
        return self._representation(mou, status_code=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, service):
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        return service(mou=self._target(), **data)

    @extend_schema(
        summary="Record the signing (staff)",
        request=MOUSignSerializer,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._representation(self._act(request, MOUSignSerializer, mou_sign))

    @extend_schema(
        summary="Put a signed MOU into effect once its start date has come (staff)",
        request=None,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._representation(self._act(request, None, mou_activate))

    @extend_schema(
        summary="Terminate with a reason (staff)",
        request=MOUTerminateSerializer,
        responses={200: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._representation(self._act(request, MOUTerminateSerializer, mou_terminate))

    @extend_schema(
        summary="Renew: create the next term, linked to this one (staff)",
        request=MOURenewSerializer,
        responses={201: MOUSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        new_term = self._act(request, MOURenewSerializer, mou_renew)
        return self._representation(new_term, status_code=status.HTTP_201_CREATED)


class ObligationPermission(HasRequiredPermission):
    """Staff only: viewing, adding and changing obligations each need their permission."""


@extend_schema_view(
    list=extend_schema(summary="MOU obligations (staff), filtered like the staff obligations page"),
    retrieve=extend_schema(summary="One obligation with its note history and evidence (staff)"),
)
class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Obligations under the MOUs, for staff who may view them. ``state`` derives "overdue" from the due
    date in KST; filter with ``state=overdue``."""

    serializer_class = ObligationSerializer
    permission_classes = [ObligationPermission]
    filterset_class = ObligationFilterSet

    @property
    def required_permission(self) -> str:
        if self.action == "create":
            return "partners.add_obligation"
        if self.action in ("complete", "waive", "reopen"):
            return "partners.change_obligation"
        return "partners.view_obligation"

    def get_queryset(self):
        return (
            Obligation.objects.select_related("mou", "party")
            .prefetch_related(
                Prefetch("notes", queryset=ObligationNote.objects.select_related("author")),
                "evidence",
            )
            .with_overdue(hub_today())
            .order_by(F("due_on").asc(nulls_last=True), "pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": hub_today()}

    def _representation(self, obligation: Obligation, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=obligation.pk)).data, status=status_code)

    @extend_schema(
        summary="Add an obligation to an MOU (staff)",
        request=ObligationWriteSerializer,
        responses={201: ObligationSerializer, 400: REFUSED},
    )
    def create(self, request):
        serializer = ObligationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obligation = obligation_create(**serializer.validated_data)
        return self._representation(obligation, status_code=status.HTTP_201_CREATED)

    def _transition(self, request, service, *, note_argument: str = "note"):
        serializer = ObligationStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data.get("note", "")
        obligation = service(obligation=self.get_object(), actor=request.user, **{note_argument: note})
        return self._representation(obligation)

    @extend_schema(
        summary="Mark done (staff); a recurring obligation gets its next occurrence",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, obligation_complete)

    @extend_schema(
        summary="Waive with a reason (staff)",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        return self._transition(request, obligation_waive, note_argument="reason")

    @extend_schema(
        summary="Reopen a done or waived obligation (staff)",
        request=ObligationStatusSerializer,
        responses={200: ObligationSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, obligation_reopen)
