"""What a person's data export holds beyond the account: each domain app registers its section.

The accounts app sits in the base layer and imports no domain app; a domain app adds what it holds
about a person (their firm, applications, enrolments …) here from its ``AppConfig.ready``.
"""

from collections.abc import Callable

_SECTIONS: dict[str, Callable] = {}


def register_export_section(name: str, build: Callable) -> None:
    """``build(user)`` returns what the app holds about ``user`` as JSON-ready data (or None)."""
    _SECTIONS[name] = build


def export_sections(user) -> dict:
    return {name: build(user) for name, build in _SECTIONS.items()}
