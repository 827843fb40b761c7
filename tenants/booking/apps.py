from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def next_slot_boundary(now):
    """Free slots turn into past ones by the clock: public calendars are rebuilt each half hour."""
    minutes = 30 - now.minute % 30
    return (now + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


class BookingConfig(AppConfig):
    name = "tenants.booking"
    label = "booking"
    verbose_name = _("Rooms and facilities")

    def ready(self):
        from portal.pagecache import register_group, watch_models

        from . import audit  # noqa: F401  (registers models with the audit log)
        from .models import Blackout, Booking, OpeningHours, Resource, ResourcePhoto

        register_group("booking", changes_at=next_slot_boundary)  # the public rooms pages and API
        watch_models("booking", [Resource, ResourcePhoto, OpeningHours, Blackout, Booking])
