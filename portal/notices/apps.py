from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "portal.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from portal.pagecache import register_group, watch_models

        from . import audit  # noqa: F401  (registers notices with the audit log: their edit history)
        from .models import Notice, NoticeAttachment
        from .selectors import next_notice_change

        # The notice board, its feeds, its API and the home page: a scheduled notice appears at its time
        # (changes_at), an edit or a withdrawal on the next request (watch_models).
        register_group("notices", changes_at=next_notice_change)
        watch_models("notices", [Notice, NoticeAttachment])
