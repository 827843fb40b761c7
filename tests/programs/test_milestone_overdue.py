"""A milestone past its due date and not done reads "overdue", never "planned"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from portal.time import hub_today

from ..factories import ConsultingRequestFactory, MembershipFactory


@pytest.mark.django_db
def test_a_late_planned_milestone_is_shown_as_overdue(client):
    consulting = ConsultingRequestFactory(state="in_progress")
    today = hub_today()
    late = consulting.milestones.create(kind="evaluation", due_on=today - timedelta(days=3))
    later = consulting.milestones.create(kind="evaluation", title="최종 보고", due_on=today + timedelta(days=3))
    done = consulting.milestones.create(
        kind="evaluation", title="착수", due_on=today - timedelta(days=9), status="done"
    )
    assert late.is_overdue and not later.is_overdue and not done.is_overdue

    client.force_login(MembershipFactory(firm=consulting.firm).user)
    with translation.override("ko"):
        page = client.get(reverse("programs:consulting_detail", args=[consulting.pk]), HTTP_ACCEPT_LANGUAGE="ko")
    rows = page.content.decode().split('id="milestones"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "기한 지남" in rows[1] and "예정" not in rows[1]  # ordered by due date: done, late, later
    assert "기한 지남" not in rows[2]


@pytest.mark.django_db
def test_kpi_values_are_shown_without_trailing_zeros(client):
    from decimal import Decimal  # noqa: PLC0415

    from ..factories import KpiMeasurementFactory  # noqa: PLC0415

    kpi = KpiMeasurementFactory(
        baseline_value=Decimal("4.200"), baseline_unit="%", after_value=Decimal("3.8"), after_unit="%"
    )
    client.force_login(MembershipFactory(firm=kpi.request.firm).user)
    page = client.get(reverse("programs:consulting_detail", args=[kpi.request.pk])).content.decode()
    assert "4.2 %" in page and "4.200" not in page and "3.8 %" in page
