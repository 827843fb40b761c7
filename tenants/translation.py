"""Translated content of the tenancy side (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import CallCriterion, CallRequirement, Firm, Site, TenancyCall


class FirmTranslation(ContentTranslation):
    fields = ("name", "description")


class SiteTranslation(ContentTranslation):
    fields = ("name", "description", "office_hours")
    # Site names are unique: a missing English name is NULL, never a second "".
    empty_values = {"name": None}


class TenancyCallTranslation(ContentTranslation):
    fields = ("title", "body", "eligibility")


class CallRequirementTranslation(ContentTranslation):
    fields = ("name",)


class CallCriterionTranslation(ContentTranslation):
    fields = ("name",)


register_content(Firm, FirmTranslation)
register_content(Site, SiteTranslation)
register_content(TenancyCall, TenancyCallTranslation)
register_content(CallRequirement, CallRequirementTranslation)
register_content(CallCriterion, CallCriterionTranslation)
