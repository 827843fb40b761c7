import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from portal.demo.data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (seed_demo). Development only."

    def handle(self, *args, **options):
        step = int(time.time()) // app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, step))
        self.stdout.write(f"{code}  (secret {DEMO_TOTP_SECRET}, a new code every {app_settings.TOTP_PERIOD} s)")
