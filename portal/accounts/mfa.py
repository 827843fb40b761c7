"""Two-factor authentication (allauth.mfa): who must use it and whether this session has passed it.

Staff, meaning ``is_staff``, superusers and every member of a staff role (``roles.ROLE_PERMISSIONS``),
must have an authenticator app and must have passed it in the current session before any page opens;
``middleware.StaffMfaMiddleware`` enforces that for every view at once. Firm users may turn it on.
"""

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator

from .roles import ROLE_PERMISSIONS


def user_is_staff_person(user) -> bool:
    """A person who works with the portal's personal data: the staff flag, or any staff role."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # One query per request at most: the answer is kept on this request's user object.
    if not hasattr(user, "_is_staff_person"):
        user._is_staff_person = user.groups.filter(name__in=ROLE_PERMISSIONS).exists()
    return user._is_staff_person


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """The signed-in person entered an authenticator or recovery code in this session."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def record_mfa_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up the app proves a current code, so the session counts as having passed it: a staff
    person sent to set it up goes on to the page they asked for without entering a second code."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None and request.user == user:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)
