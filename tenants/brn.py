"""사업자등록번호 (business registration number, BRN): normalise, verify, format, classify.

Rules from shared/DOMAIN.md: 10 digits shown as XXX-XX-XXXXX; accepted with or without dashes
and in full-width digits; weights 1,3,7,1,3,7,1,3,5 on the first nine digits,
S = Σ dᵢ·wᵢ + ⌊d₉·5/10⌋, check = (10 − S mod 10) mod 10 equals the tenth digit.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import EntityType

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−]")


def normalize_brn(value: str) -> str:
    """Return the digits of ``value`` with separators and full-width forms removed (not validated)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value or "")))


def brn_check_digit(first_nine: str) -> int:
    digits = [int(char) for char in first_nine]
    total = sum(digit * weight for digit, weight in zip(digits, WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def is_valid_brn(digits: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{10}", digits)) and brn_check_digit(digits[:9]) == int(digits[9])


def format_brn(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits


def clean_brn(value: str) -> str:
    """Normalise and verify; return the 10 stored digits or raise a ValidationError that says why."""
    digits = normalize_brn(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        raise ValidationError(_("A business registration number has 10 digits, e.g. 124-81-00998."), code="brn_format")
    if not is_valid_brn(digits):
        raise ValidationError(
            _("This business registration number is not valid: its check digit does not match."),
            code="brn_checksum",
        )
    return digits


def validate_brn(value: str) -> None:
    """Model-field validator: the stored value must already be 10 verified digits."""
    if normalize_brn(value) != value:
        raise ValidationError(_("Store the business registration number as 10 digits."), code="brn_format")
    clean_brn(value)


def entity_type(digits: str) -> EntityType:
    """The kind of business from digits 4–5 of the BRN."""
    code = int(digits[3:5])
    if code in (81, 86, 87, 88):
        return EntityType.CORPORATION
    if code == 85:
        return EntityType.CORPORATION_BRANCH
    if code == 82:
        return EntityType.NON_PROFIT
    if code == 83:
        return EntityType.PUBLIC_BODY
    if code == 84:
        return EntityType.FOREIGN_CORPORATION
    if 1 <= code <= 79 or 90 <= code <= 99:
        return EntityType.INDIVIDUAL
    return EntityType.OTHER_ORGANISATION


def clean_corporate_registration_number(value: str) -> str:
    """법인등록번호: optional, 13 digits (shown as XXXXXX-XXXXXXX)."""
    digits = normalize_brn(value)
    if digits and not re.fullmatch(r"[0-9]{13}", digits):
        raise ValidationError(_("A corporate registration number has 13 digits."), code="crn_format")
    return digits
