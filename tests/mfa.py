"""Two-factor authentication in tests.

Staff MFA is enforced in the tests as in production. ``client.force_login(user)`` stands for a whole
sign-in, password and authenticator code: the autouse fixture ``_force_login_passes_mfa`` in
tests/conftest.py makes every ``force_login`` record a passed two-factor step in the session, so a
test that signs a staff person in that way opens staff pages. To test enforcement itself, sign in
with ``force_login_without_mfa``; to sign in through the real forms, give the person an app with
``totp_enable`` and enter ``totp_code(secret)``.
"""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.http import HttpRequest
from django.test import Client

# A fixed base32 secret for test people (not the demo's).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

force_login_without_mfa = Client.force_login  # Django's own, kept before the fixture wraps it


def force_login_with_mfa(client, user, backend=None):
    force_login_without_mfa(client, user, backend)
    session = client.session
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP)
    session.save()


def totp_enable(user, secret: str = TEST_TOTP_SECRET) -> Authenticator:
    return TOTP.activate(user, secret).instance


def staff_totp_secret(user) -> str | None:
    """For a browser sign-in: a staff person gets an app with the test secret (if they have none) and
    must enter its code after the password; ``None`` for anyone else."""
    from portal.accounts.mfa import user_has_totp, user_is_staff_person

    if not user_is_staff_person(user):
        return None
    if not user_has_totp(user):
        totp_enable(user)
    return TEST_TOTP_SECRET


def totp_code(secret: str = TEST_TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at ``at``)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))
