"""Translated content of accounts (portal.i18n): the privacy policy and the consent texts' retention."""

from portal.i18n import ContentTranslation, register_content

from .models import ConsentText, PrivacyPolicy


class ConsentTextTranslation(ContentTranslation):
    fields = ("retention",)


class PrivacyPolicyTranslation(ContentTranslation):
    fields = ("changes", "body")


register_content(ConsentText, ConsentTextTranslation)
register_content(PrivacyPolicy, PrivacyPolicyTranslation)
