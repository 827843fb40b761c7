import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from portal.notifications.services import notify

from .services import user_sign_up


def user_display(user) -> str:
    return user.name or user.email


class AccountAdapter(DefaultAccountAdapter):
    """Send allauth's mails (verification, password reset) through the outbox like every other mail."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
        notify(
            recipient=email,
            template="prerendered",
            context={"subject": message.subject, "body": message.body, "html": html},
            language=translation.get_language() or "ko",
            dedup_key=f"allauth:{template_prefix}:{uuid.uuid4()}",
        )

    def save_user(self, request, user, form, commit=True):
        """The account and its consent answers are written by one service in one transaction."""
        user = super().save_user(request, user, form, commit=False)
        if not commit or not hasattr(form, "sign_up_details"):
            if commit:
                user.save()
            return user
        return user_sign_up(user=user, **form.sign_up_details(request))
