"""Schemathesis fuzzes every operation of ``/api/schema/`` through the in-process WSGI app (no network) as
an anonymous visitor, a firm's representative and a hub manager: valid and malformed inputs alike must
never answer 5xx, and every documented response must match its schema.

Bounded so that it fits in ``make test``: a few examples per operation and mode, derandomised, so a run
is repeatable; set ``FUZZ_EXAMPLES`` to explore further by hand (e.g. ``FUZZ_EXAMPLES=50``).
"""

import os
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from rest_framework.throttling import AnonRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from portal.accounts.roles import HUB_MANAGER, sync_roles

from ..factories import (
    ApplicationFactory,
    BookingFactory,
    CohortFactory,
    ConsultingRequestFactory,
    EnrolmentFactory,
    LeaseFactory,
    MOUFactory,
    NoticeFactory,
    ObligationFactory,
    TenancyCallFactory,
    user_in_role,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
# Malformed inputs mostly end at the first validation (a 400), so fewer of them find as much.
NEGATIVE_EXAMPLES = max(1, EXAMPLES // 2)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def wsgi_app(db):
    """The site's WSGI app, kept from closing the test's connection (inside its transaction) at the end
    of every request, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)


@pytest.fixture
def world(alice, bob):
    """One of each kind of row the API lists, some of them Alice's, so that lists and details have bodies."""
    sync_roles()
    call = TenancyCallFactory(opens_at=timezone.now() - timedelta(days=1))
    ApplicationFactory(firm=alice.firm, call=call)
    ApplicationFactory(firm=bob.firm)
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort, user=alice.representative)
    ConsultingRequestFactory(firm=alice.firm)
    LeaseFactory(firm=alice.firm)
    ObligationFactory(mou=MOUFactory())
    NoticeFactory(audience="residents", pinned_until=timezone.localdate())
    BookingFactory(firm=alice.firm, resource__audience="public")
    BookingFactory(firm=bob.firm, status="pending", is_resident=False)
    return {"representative": alice.representative, "manager": user_in_role(HUB_MANAGER)}


@pytest.fixture
def unthrottled(monkeypatch):
    """The anonymous throttle would answer 429 after 120 calls, which is right but hides the rest."""
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)


def modes(operation):
    """Valid inputs for every operation; malformed ones where it takes any input at all."""
    takes_input = any(True for _ in operation.iter_parameters()) or len(operation.body) > 0
    return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE] if takes_input else [GenerationMode.POSITIVE]


def fuzz(schema, headers) -> list[str]:
    """Every operation in each mode, a few examples each; the failures, one report per operation."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in modes(operation):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES if mode == GenerationMode.POSITIVE else NEGATIVE_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def call(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                call()
            except Unsatisfiable:  # no malformed value exists for what it takes (e.g. a lone boolean)
                pass
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - one report for every operation
                failures.append(f"{operation.label} ({mode.value}): {error}")
    return failures


@pytest.mark.parametrize("who", ["anonymous", "representative", "manager"])
def test_the_api_answers_every_input_without_5xx_and_as_documented(api_schema, world, unthrottled, who):
    headers = {}
    if who != "anonymous":
        headers["Authorization"] = f"Token {AuthToken.objects.create(user=world[who])[1]}"
    failures = fuzz(api_schema, headers)

    assert not failures, "\n\n".join(failures)
