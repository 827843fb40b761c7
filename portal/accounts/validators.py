import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^0\d{1,2}-\d{3,4}-\d{4}$")


def normalize_phone(value: str) -> str:
    """Turn full-width digits and spaces into the usual ``010-1234-5678`` shape."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    if not digits:
        return ""
    if digits.startswith("02") and len(digits) in (9, 10):
        head, rest = digits[:2], digits[2:]
    else:
        head, rest = digits[:3], digits[3:]
    return f"{head}-{rest[:-4]}-{rest[-4:]}"


def validate_phone(value: str) -> None:
    if value and not _PHONE.match(value):
        raise ValidationError(_("Enter a phone number such as 010-1234-5678."), code="invalid_phone")


def validate_postal_code(value: str) -> None:
    if value and not re.fullmatch(r"\d{5}", value):
        raise ValidationError(_("A postal code has exactly 5 digits."), code="invalid_postal_code")
