"""Translated content of training and consulting (portal.i18n): Korean and English columns."""

from portal.i18n import ContentTranslation, register_content

from .models import Cohort, FundedProject, Programme, Session, Skill


class ProgrammeTranslation(ContentTranslation):
    fields = ("title", "description", "outcomes", "audience")


class CohortTranslation(ContentTranslation):
    fields = ("name", "venue", "eligibility")


class SessionTranslation(ContentTranslation):
    fields = ("title",)


class SkillTranslation(ContentTranslation):
    fields = ("name",)


class FundedProjectTranslation(ContentTranslation):
    fields = ("name",)


register_content(Programme, ProgrammeTranslation)
register_content(Cohort, CohortTranslation)
register_content(Session, SessionTranslation)
register_content(Skill, SkillTranslation)
register_content(FundedProject, FundedProjectTranslation)
