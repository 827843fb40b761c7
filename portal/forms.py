from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst


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
