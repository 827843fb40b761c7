"""Translated content of partners and MOUs (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import MOU, Partner


class PartnerTranslation(ContentTranslation):
    fields = ("name",)
    # Partner names are unique: a missing English name is NULL, never a second "".
    empty_values = {"name": None}


class MouTranslation(ContentTranslation):
    fields = ("title", "purpose")


register_content(Partner, PartnerTranslation)
register_content(MOU, MouTranslation)
