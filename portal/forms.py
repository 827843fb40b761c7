from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .i18n import DEFAULT_LANGUAGE, translated_field_names
from .time import KST


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


# Ids are PostgreSQL bigints; a larger number is no id (and must not reach a query).
MAX_ID = 2**63 - 1


def int_or_none(value):
    """A posted id as a number, or None when it is missing, not a number or no possible id (beyond
    bigint, or not positive): the lookup then 404s instead of raising ValueError or DataError."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class ChoiceListField(models.JSONField):
    """A list of choice values kept as JSON, edited as checkboxes in the admin and every model form.

    A bare JSONField shows a raw-JSON text box (``["room", "desk"]``) that staff must type by hand.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = item_choices
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The choices live in code (TextChoices); the column is a plain JSON list.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {str(choice) for choice, _label in self.item_choices}
        unknown = [item for item in value or [] if str(item) not in allowed]
        if unknown:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": unknown[0]}
            )


# Content in two languages (portal.i18n) ------------------------------------------------------------

# Each language named in its own language, as language switches do: the same whatever the page's language.
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def bilingual(*names: str) -> list[str]:
    """``bilingual("title", "body")`` → ``["title_ko", "title_en", "body_ko", "body_en"]`` for a
    ModelForm's ``Meta.fields``: every translated field is edited in both languages."""
    return [f"{name}_{language}" for name in names for language, _label in settings.LANGUAGES]


class BilingualFormMixin:
    """A ModelForm mixin that lays each translated field out as a pair, Korean beside English.

    The Korean field is required wherever the model field is (it is the text every page falls back
    to); the English one is optional. Labels say the language: "제목 (한국어)", "제목 (English)".
    Templates render ``form.layout_rows`` with ``includes/bilingual_form.html``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        self.translated_names = [
            name for name in translated_field_names(model) if f"{name}_{DEFAULT_LANGUAGE}" in self.fields
        ]
        for name in self.translated_names:
            original = model._meta.get_field(name)
            for language, _label in settings.LANGUAGES:
                field = self.fields.get(f"{name}_{language}")
                if field is None:
                    continue
                field.label = f"{capfirst(original.verbose_name)} ({LANGUAGE_NAMES.get(language, language)})"
                field.required = language == DEFAULT_LANGUAGE and not original.blank
                if language != DEFAULT_LANGUAGE:
                    field.help_text = ""  # said once, under the Korean field beside it
                field.widget.attrs["lang"] = language

    def layout_rows(self) -> list[list]:
        """The visible fields in order, each translated field's languages together in one row."""
        rows, placed = [], set()
        for bound in self.visible_fields():
            if bound.name in placed:
                continue
            base, _separator, language = bound.name.rpartition("_")
            if base in self.translated_names and language == DEFAULT_LANGUAGE:
                pair = [
                    self[f"{base}_{code}"] for code, _label in settings.LANGUAGES if f"{base}_{code}" in self.fields
                ]
                placed |= {field.name for field in pair}
                rows.append(pair)
            else:
                rows.append([bound])
        return rows


# Dates and times in KST ----------------------------------------------------------------------------


class KstDateTimeField(forms.DateTimeField):
    """A date and time to the minute, typed and shown in Korea Standard Time whatever the request's zone."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        kwargs.setdefault("help_text", _("Korea Standard Time (KST), to the minute."))
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(KST):
            moment = super().to_python(value)
        if moment is not None and not 1900 <= moment.year <= 2999:
            # Also keeps 0001-01-01 KST, which is before year 1 in UTC, from reaching the database.
            raise ValidationError(_("Give a date between 1900 and 2999."), code="out_of_range")
        return moment

    def prepare_value(self, value):
        with timezone.override(KST):
            return super().prepare_value(value)


def content_form_page(request, *, form, save, saved_message: str, success_url, template: str, context: dict):
    """The create/edit page every staff content form shares: validate, save through the service
    (``save(instance)``, whose ValidationError becomes form errors), then redirect to
    ``success_url(saved)``."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.save(commit=False))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form.save_m2m()
            messages.success(request, saved_message)
            return redirect(success_url(saved))
    return render(request, template, {"form": form, **context})
