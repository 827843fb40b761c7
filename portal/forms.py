from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def int_or_none(value):
    """A posted id as a number, or None when it is missing or not one (the lookup then 404s)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
