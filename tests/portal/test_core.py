"""The base layer's helpers that every app uses: the hub's clock, the language choice, money, and
the API's handling of a service's ValidationError."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from portal.time import KST, hub_today, kst


def test_the_hub_day_turns_at_midnight_in_korea_not_utc():
    assert hub_today(datetime(2026, 12, 1, 14, 59, tzinfo=UTC)) == date(2026, 12, 1)
    assert hub_today(datetime(2026, 12, 1, 15, 0, tzinfo=UTC)) == date(2026, 12, 2)


def test_kst_gives_the_naive_korean_wall_time_a_spreadsheet_shows():
    assert kst(datetime(2026, 12, 1, 15, 30, tzinfo=UTC)) == datetime(2026, 12, 2, 0, 30)
    assert kst(None) is None
    assert str(KST) == "Asia/Seoul"


def test_the_builtin_filters_need_no_load_tag():
    template = Template("{{ amount|krw }}")
    with translation.override("ko"):
        rendered = template.render(Context({"amount": 1200000}))
    assert rendered.startswith("1,200,000")


class _Refusing(APIView):
    permission_classes = []
    authentication_classes = []
    service_error_field = "cohort"
    service_error_renamed = {"consent": "consent_given"}

    def post(self, request):
        if request.data.get("which") == "field":
            raise ValidationError({"consent": "Consent is required."})
        raise ValidationError("The cohort is full.", code="full")


@pytest.mark.parametrize(
    ("which", "body"),
    [("field", {"consent_given": ["Consent is required."]}), ("plain", {"cohort": ["The cohort is full."]})],
)
def test_a_service_validation_error_is_a_400_with_field_errors_for_every_api_view(which, body):
    request = APIRequestFactory().post("/", {"which": which}, format="json")
    response = _Refusing.as_view()(request)
    assert response.status_code == 400
    assert response.data == body
