"""The PIPA consent items shown at sign-up.

Each item states its purpose, the items collected, the retention period and the right to refuse,
as the Personal Information Protection Act asks. Changing any text means a new VERSION, so each
stored answer says exactly which text the person saw.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERSION = "2026-11-01"


@dataclass(frozen=True)
class ConsentItem:
    key: str
    required: bool
    title: Promise
    purpose: Promise
    collected: Promise
    retention: Promise
    refusal: Promise


SIGNUP_ITEMS = (
    ConsentItem(
        key="personal_info",
        required=True,
        title=_("Collection and use of personal information"),
        purpose=_("Member identification, sign-in, and handling your applications to hub programmes."),
        collected=_("E-mail address, password (stored only as a hash), name."),
        retention=_("Until you delete your account, or 1 year after your last sign-in."),
        refusal=_("You may refuse, but an account cannot be created without this item."),
    ),
    ConsentItem(
        key="mobile_phone",
        required=False,
        title=_("Collection of a mobile phone number"),
        purpose=_("Text-message reminders about deadlines and programme changes."),
        collected=_("Mobile phone number."),
        retention=_("Until you withdraw consent or delete your account."),
        refusal=_("You may refuse; you will then receive e-mail only."),
    ),
    ConsentItem(
        key="marketing",
        required=False,
        title=_("News about programmes and events"),
        purpose=_("Announcements of new training cohorts, calls for tenants and hub events."),
        collected=_("E-mail address, name."),
        retention=_("Until you withdraw consent or delete your account."),
        refusal=_("You may refuse; nothing else changes for your account."),
    ),
)

_ITEMS: dict[str, ConsentItem] = {}


def register_consent_items(*items: ConsentItem) -> None:
    """Make consent items known by key (the domain apps register theirs when they start)."""
    for item in items:
        _ITEMS[item.key] = item


def consent_item_title(key: str) -> str:
    """The item's title in the active language, for pages that list stored consent texts."""
    item = _ITEMS.get(key)
    return str(item.title) if item else key


register_consent_items(*SIGNUP_ITEMS)
