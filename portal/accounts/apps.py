from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Users and privacy")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from portal import personalcache
        from portal.notifications.services import register_reference_renderer

        from . import audit  # noqa: F401  (registers the user model with the audit log)
        from .adapter import REFERENCE_TEMPLATE, render_allauth_reference
        from .mfa import record_mfa_on_activation
        from .middleware import session_start
        from .roles import sync_roles_after_migrate

        register_reference_renderer(REFERENCE_TEMPLATE, render_allauth_reference)
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
        authenticator_added.connect(record_mfa_on_activation, dispatch_uid="accounts.mfa_on_activation")
        # Every process (web, worker, beat, commands) bumps the versions of the tables it writes.
        personalcache.watch_open_connections()
