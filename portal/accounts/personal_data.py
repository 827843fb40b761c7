"""What the domain apps hold about a person, registered from each ``AppConfig.ready``.

The accounts app sits in the base layer and imports no domain app. A domain app registers a
``PersonalDataHolder``: its part of the data export, the records it must keep when the person
deletes their account (with the reason), its optional consents and how to withdraw one, and what
it does when the account is anonymised (``remove``), which may refuse (a firm's last representative).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class KeptRecord:
    """A record that stays after the account is deleted, shown on the confirmation page."""

    what: str
    reason: Promise | str
    until: str = ""


@dataclass(frozen=True)
class OptionalConsent:
    """One optional consent the person gave under a domain app, withdrawable on the privacy page."""

    holder: str
    reference: int  # the domain row it belongs to (e.g. an enrolment id)
    key: str
    title: Promise | str
    context: str  # what it was given for (e.g. the cohort's name)
    granted: bool


@dataclass(frozen=True)
class PersonalDataHolder:
    name: str
    export: Callable[[Any], Any] | None = None
    kept_on_deletion: Callable[[Any], list[KeptRecord]] | None = None
    optional_consents: Callable[[Any], list[OptionalConsent]] | None = None
    # withdraw_consent(user, reference, key): raise ValidationError for an unknown one.
    withdraw_consent: Callable[[Any, int, str], None] | None = None
    # successors(user): people who may take over the person's role (a firm's other members); empty
    # when none is needed. remove(user, successor, for_retention): run inside the anonymisation.
    successors: Callable[[Any], list] | None = None
    # refusal(user): why the account may not be deleted now (e.g. nobody to hand over to), or None.
    refusal: Callable[[Any], str | None] | None = None
    remove: Callable[..., None] | None = None
    # purge(now) -> list of (subject user or None, what was purged): the daily retention purge.
    purge: Callable[[Any], list] | None = None


_HOLDERS: dict[str, PersonalDataHolder] = {}


def register_holder(holder: PersonalDataHolder) -> None:
    _HOLDERS[holder.name] = holder


def holders() -> list[PersonalDataHolder]:
    return list(_HOLDERS.values())


def holder(name: str) -> PersonalDataHolder | None:
    return _HOLDERS.get(name)


def register_export_section(name: str, build: Callable) -> None:
    """``build(user)`` returns what the app holds about ``user`` as JSON-ready data (or None)."""
    register_holder(PersonalDataHolder(name=name, export=build))


def export_sections(user) -> dict:
    return {item.name: item.export(user) for item in _HOLDERS.values() if item.export is not None}
