from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo.data import DEMO_PASSWORD, seed_demo
from tenants.selectors import hub_figures


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing). Development only."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA:
            raise CommandError(
                "The demo data signs in with a published password and authenticator secret: refused in "
                "production. Set DEMO_DATA=true only for a demo or bench installation."
            )
        seed_demo()
        figures = hub_figures()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {figures['sites']} sites, {figures['registered_firms']} firms, "
                f"{figures['resident_firms']} resident. Demo password: {DEMO_PASSWORD}"
            )
        )
