import pathlib
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.accounts.roles import ROLE_PERMISSIONS

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_staff_role_exists_with_all_its_permissions():
    call_command("sync_roles")
    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == set(permissions), role


@pytest.mark.django_db
def test_sync_roles_is_idempotent():
    call_command("sync_roles")
    before = {group.name: group.permissions.count() for group in Group.objects.all()}
    call_command("sync_roles")
    assert {group.name: group.permissions.count() for group in Group.objects.all()} == before


def test_no_view_checks_is_superuser():
    sources = [p for p in ROOT.glob("**/*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    offenders = [str(p) for p in sources if re.search(r"\.is_superuser\b", p.read_text()) and "views" in p.name]
    assert offenders == []
