import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from portal.notifications.services import PermanentRenderError, notify

from .mfa import user_is_staff_person
from .services import user_sign_up

# Outbox template of allauth mails that carry a key: the row holds only the mail's template prefix
# and the ids it is about; the link with its key is made again at send time and never stored.
REFERENCE_TEMPLATE = "allauth_reference"
# Context entries of allauth mails that must never rest in the outbox in clear.
SECRET_CONTEXT_KEYS = {"key", "code", "password_reset_url", "activate_url", "token"}


def user_display(user) -> str:
    return user.name or user.email


@dataclass(frozen=True)
class MailSite:
    """What allauth's mail templates read as ``current_site``: the portal's name and address from settings.

    Without django.contrib.sites allauth falls back to the request's host, and there is no request
    when the outbox sends, so the greeting read "안녕하세요 입니다!".
    """

    name: str
    domain: str

    @classmethod
    def from_settings(cls) -> "MailSite":
        return cls(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _parts(mail) -> tuple[str, str]:
    """Subject and plain text of a mail rendered by allauth's ``render_mail``; the layout adds the HTML."""
    return mail.subject, mail.body


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def render_allauth_reference(message) -> tuple[str, str]:
    """Build a key-carrying allauth mail from its reference: a fresh reset token or HMAC confirmation key."""
    reference = message.context
    if reference.get("kind") == "password_reset":
        user = get_user_model().objects.filter(pk=reference.get("user_id"), is_active=True).first()
        if user is None:
            raise PermanentRenderError("the user of this password reset no longer exists")
        uid = user_pk_to_url_str(user)
        token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        context = {
            "user": user,
            "uid": uid,
            "key": token,
            "password_reset_url": _site_url(path.replace("UID-KEY", quote(f"{uid}-{token}"))),
        }
    elif reference.get("kind") == "email_confirmation":
        address = EmailAddress.objects.select_related("user").filter(pk=reference.get("email_address_id")).first()
        if address is None or address.verified:
            raise PermanentRenderError("the e-mail address of this confirmation is gone or already confirmed")
        key = EmailConfirmationHMAC(address).key
        url = _site_url(reverse("account_confirm_email", args=[key]))
        context = {"user": address.user, "key": key, "activate_url": url}
    else:
        raise PermanentRenderError(f"unknown allauth reference {reference.get('kind')!r}")
    return _parts(get_adapter().render_mail(reference["prefix"], message.recipient, context))


class AccountAdapter(DefaultAccountAdapter):
    """Send allauth's mails (verification, password reset) through the outbox like every other mail.

    Mails with a key are stored as a reference (see REFERENCE_TEMPLATE); others are stored rendered.
    """

    def _notify(self, email, context, template_prefix, **kwargs):
        notify(
            recipient=email,
            template=kwargs.pop("template", "prerendered"),
            context=context,
            language=translation.get_language() or "ko",
            dedup_key=f"allauth:{template_prefix}:{uuid.uuid4()}",
            **kwargs,
        )

    def send_password_reset_mail(self, user, email, context):
        reference = {"kind": "password_reset", "prefix": "account/email/password_reset_key", "user_id": user.pk}
        self._notify(email, reference, reference["prefix"], template=REFERENCE_TEMPLATE, user=user)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        if allauth_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED:
            return super().send_confirmation_mail(request, emailconfirmation, signup)
        address = emailconfirmation.email_address
        prefix = "account/email/email_confirmation_signup" if signup else "account/email/email_confirmation"
        reference = {"kind": "email_confirmation", "prefix": prefix, "email_address_id": address.pk}
        self._notify(address.email, reference, prefix, template=REFERENCE_TEMPLATE, user=address.user)

    def render_mail(self, template_prefix, email, context, headers=None):
        return super().render_mail(
            template_prefix, email, {**context, "current_site": MailSite.from_settings()}, headers
        )

    def send_mail(self, template_prefix, email, context):
        subject, body = _parts(self.render_mail(template_prefix, email, context))
        stored = {"subject": subject, "body": body}
        if SECRET_CONTEXT_KEYS & set(context):
            # A code cannot be made again at send time: the body is kept but never shown (admin masks it).
            stored["secret"] = True
        self._notify(email, stored, template_prefix)

    def save_user(self, request, user, form, commit=True):
        """The account and its consent answers are written by one service in one transaction."""
        user = super().save_user(request, user, form, commit=False)
        if not commit or not hasattr(form, "sign_up_details"):
            if commit:
                user.save()
            return user
        return user_sign_up(user=user, **form.sign_up_details(request))


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff must keep their authenticator app (they may set up a new one by recovery codes);
        a firm user may turn two-factor authentication off again."""
        if authenticator.type == Authenticator.Type.TOTP and user_is_staff_person(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
