"""Korean first, English beside it: one mechanism (django-modeltranslation) for translated content.

Each app's ``translation.py`` registers its translated fields with ``ContentTranslation``: the model
gets ``<field>_ko`` and ``<field>_en`` columns, ``obj.<field>`` reads the active language and falls
back to the Korean, and querysets, forms, the admin and serializers use the two columns directly.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save
from modeltranslation.translator import TranslationOptions

DEFAULT_LANGUAGE = "ko"


class ContentTranslation(TranslationOptions):
    """The Korean text is required wherever the field itself is; the English one is optional."""

    required_languages = (DEFAULT_LANGUAGE,)


def keep_original_column_korean(sender, instance, **kwargs):
    """The original column (``name``) holds the Korean text, whichever language a page was in.

    Meta.ordering, unique constraints and raw SQL read that column, and modeltranslation writes to
    it whatever was assigned last; an object created while English was active keeps its text as
    the Korean one too, so the required language is never empty."""
    from modeltranslation.translator import translator

    for field in translator.get_options_for_model(sender).fields:
        for language, _name in settings.LANGUAGES:
            # No translation is NULL, never "": unique names (sites, partners) allow many NULLs.
            if language != DEFAULT_LANGUAGE and getattr(instance, f"{field}_{language}") == "":
                setattr(instance, f"{field}_{language}", None)
        korean_name = f"{field}_{DEFAULT_LANGUAGE}"
        korean = getattr(instance, korean_name)
        if korean in (None, ""):
            setattr(instance, korean_name, instance.__dict__.get(field))
        else:
            instance.__dict__[field] = korean


def translated_field_names(model) -> tuple[str, ...]:
    """The fields of ``model`` that have a Korean and an English column (none if not registered)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def as_language_columns(model, fields: dict) -> dict:
    """``{"title": …}`` as ``{"title_ko": …}``: a service given a translated field by its own name
    writes the Korean text, whichever language is active (``obj.title = …`` would write the active
    language's column)."""
    translated = translated_field_names(model)
    return {f"{name}_{DEFAULT_LANGUAGE}" if name in translated else name: value for name, value in fields.items()}


def in_active_language(path: str):
    """An expression for the translated field at ``path`` (``"space__site__name"``) in the active
    language, falling back to the Korean: for annotations and subqueries, which modeltranslation
    does not rewrite."""
    from django.db.models import F
    from django.db.models.functions import Coalesce, NullIf
    from django.utils.translation import get_language

    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    korean = F(f"{path}_{DEFAULT_LANGUAGE}")
    if language == DEFAULT_LANGUAGE or language not in dict(settings.LANGUAGES):
        return korean
    return Coalesce(NullIf(F(f"{path}_{language}"), models.Value("")), korean, output_field=models.CharField())


def register_content(model, options):
    """Register ``model``'s translated fields and keep its original columns Korean."""
    from modeltranslation.translator import translator

    translator.register(model, options)
    pre_save.connect(keep_original_column_korean, sender=model, dispatch_uid=f"korean-column-{model._meta.label}")
