"""Translated content of bookable resources (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import Resource


class ResourceTranslation(ContentTranslation):
    fields = ("name", "description", "equipment")
    # Resource names are unique per site: a missing English name is NULL, never a second "".
    empty_values = {"name": None}


register_content(Resource, ResourceTranslation)
