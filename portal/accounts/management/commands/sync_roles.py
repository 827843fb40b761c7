from django.core.management.base import BaseCommand

from portal.accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the staff role groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
