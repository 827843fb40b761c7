"""Translated content of reporting rounds (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import ReportingRound


class RoundTranslation(ContentTranslation):
    fields = ("title",)


register_content(ReportingRound, RoundTranslation)
