"""Collecting charges for non-resident bookings: outside the portal, behind an adapter.

The portal computes what a firm owes and asks the adapter to collect it; the adapter answers with a
reference stored on the bookings it covers. Tests and the demo use the fake; a payment provider's
adapter is named by ``BOOKING_PAYMENT_ADAPTER`` (a dotted path) and takes nothing but these calls.
"""

import hashlib

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_ADAPTER = "tenants.booking.payments.FakePaymentAdapter"


class PaymentUnavailable(Exception):
    """The payment service could not take the request; nothing was recorded."""


class FakePaymentAdapter:
    """Accepts every request at once with a reference derived from it (the same request, the same reference)."""

    requests: list[dict] = []

    def request_payment(self, *, firm_name: str, brn: str, amount: int, description: str) -> str:
        if amount <= 0:
            raise ValueError("nothing to collect")
        FakePaymentAdapter.requests.append(
            {"firm_name": firm_name, "brn": brn, "amount": amount, "description": description}
        )
        digest = hashlib.sha256(f"{brn}:{description}:{amount}".encode()).hexdigest()[:12]
        return f"FAKE-{description}-{digest}"


def payment_adapter():
    return import_string(getattr(settings, "BOOKING_PAYMENT_ADAPTER", DEFAULT_ADAPTER))()
