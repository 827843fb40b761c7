"""The programs admin changes guarded data only through the services, or shows it read-only."""

from unittest import mock

import pytest
from django.urls import reverse

from programs.choices import ConsultingState, Kpi, TargetScope
from programs.models import ConsultingRequest, KpiTarget
from programs.services import kpi_target_save

from ..factories import ConsultingRequestFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_the_kpi_target_admin_saves_through_the_service(admin_client):
    target = KpiTarget.objects.create(scope=TargetScope.COMPLETION, kpi=Kpi.PRODUCTIVITY, target_percent=18)
    data = {"scope": TargetScope.COMPLETION, "year": "", "kpi": Kpi.PRODUCTIVITY, "target_percent": "20"}

    with mock.patch("programs.admin.consulting.kpi_target_save", wraps=kpi_target_save) as service:
        response = admin_client.post(reverse("admin:programs_kpitarget_change", args=[target.pk]), data)

    assert response.status_code == 302
    service.assert_called_once()
    target.refresh_from_db()
    assert target.target_percent == 20


@pytest.mark.django_db
def test_the_kpi_target_admin_adds_through_the_service(admin_client):
    data = {"scope": TargetScope.YEAR, "year": "2026", "kpi": Kpi.DEFECT_RATE, "target_percent": "-9"}

    with mock.patch("programs.admin.consulting.kpi_target_save", wraps=kpi_target_save) as service:
        response = admin_client.post(reverse("admin:programs_kpitarget_add"), data)

    assert response.status_code == 302
    service.assert_called_once()
    assert KpiTarget.objects.get().target_percent == -9


@pytest.mark.django_db
def test_a_consulting_requests_state_is_read_only_in_the_admin(admin_client):
    consulting = ConsultingRequestFactory(state=ConsultingState.SUBMITTED)

    response = admin_client.get(reverse("admin:programs_consultingrequest_change", args=[consulting.pk]))

    assert response.status_code == 200
    assert 'name="state"' not in response.content.decode()
    assert ConsultingRequest.objects.get().state == ConsultingState.SUBMITTED
