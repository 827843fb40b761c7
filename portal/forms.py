from django.core.exceptions import ValidationError


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
