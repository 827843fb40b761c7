"""Translated content of notices (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import Notice


class NoticeTranslation(ContentTranslation):
    fields = ("title", "body")


register_content(Notice, NoticeTranslation)
