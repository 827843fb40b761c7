"""This app's part of a person's data export (registered in ``TenantsConfig.ready``)."""

from .scoping import membership_of


def firm_section(user) -> dict | None:
    membership = membership_of(user)
    if membership is None:
        return None
    return {"name": membership.firm.name, "brn": membership.firm.brn_display, "role": membership.role}
