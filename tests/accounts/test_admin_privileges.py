"""Only a superuser gives out powers in the admin (issue 15: privilege escalation).

``accounts.change_user`` let the hub manager tick ``is_superuser``, groups and permissions for
anyone, themselves included; afterwards every API token was readable in the admin.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from knox.models import AuthToken

from portal.accounts.models import User
from portal.accounts.roles import HUB_MANAGER

from ..factories import UserFactory, user_in_role


@pytest.fixture
def staff_manager(roles):
    return user_in_role(HUB_MANAGER, is_staff=True)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.kr", password="correct-horse-battery")


def _change_url(person):
    return reverse("admin:accounts_user_change", args=[person.pk])


def _posted_form(client, person, **changes):
    """The change form as the admin renders it, with ``changes`` on top, ready to post."""
    response = client.get(_change_url(person))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    data.update(changes)
    return data


def test_hub_manager_sees_privilege_fields_read_only(client, staff_manager, user):
    client.force_login(staff_manager)
    form = client.get(_change_url(user)).context["adminform"].form
    assert {"is_superuser", "groups", "user_permissions"}.isdisjoint(form.fields)
    assert "name" in form.fields


def test_hub_manager_cannot_make_anyone_superuser_or_give_groups_or_permissions(client, staff_manager, user):
    client.force_login(staff_manager)
    manager_group = Group.objects.get(name=HUB_MANAGER)
    permission = Permission.objects.get(codename="delete_user")
    for person in (user, staff_manager):
        data = _posted_form(
            client,
            person,
            name="바뀐 이름",
            is_superuser="on",
            groups=[manager_group.pk],
            user_permissions=[permission.pk],
        )
        response = client.post(_change_url(person), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        person.refresh_from_db()
        assert person.name == "바뀐 이름"  # the post was accepted, only the powers were ignored
        assert not person.is_superuser
        assert not person.user_permissions.exists()
    assert not user.groups.exists()
    assert list(staff_manager.groups.values_list("name", flat=True)) == [HUB_MANAGER]


def test_hub_manager_cannot_change_a_superusers_account(client, staff_manager, superuser):
    client.force_login(staff_manager)
    response = client.get(_change_url(superuser))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    response = client.post(_change_url(superuser), {"email": "taken@example.kr", "is_active": ""})
    assert response.status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "a-new-password-123", "password2": "a-new-password-123"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.kr"
    assert superuser.is_active
    assert superuser.check_password("correct-horse-battery")


def test_superuser_still_gives_groups_and_superuser_status(client, superuser, roles):
    person = UserFactory()
    client.force_login(superuser)
    manager_group = Group.objects.get(name=HUB_MANAGER)
    data = _posted_form(client, person, is_superuser="on", is_staff="on", groups=[manager_group.pk])
    assert client.post(_change_url(person), data).status_code == 302
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff
    assert list(person.groups.values_list("name", flat=True)) == [HUB_MANAGER]


def test_groups_admin_is_for_superusers_only(client, staff_manager, superuser):
    group = Group.objects.get(name=HUB_MANAGER)
    client.force_login(staff_manager)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403
    client.force_login(superuser)
    assert client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 200


def test_api_tokens_are_not_browsable_in_the_admin(client, superuser, user):
    token, text = AuthToken.objects.create(user=user)
    client.force_login(superuser)
    index = client.get(reverse("admin:index")).content.decode()
    assert "knox" not in index and "authtoken" not in index
    assert client.get("/admin/knox/authtoken/").status_code == 404
    assert client.get(f"/admin/knox/authtoken/{token.pk}/change/").status_code == 404
    # Nor through the user's own page.
    page = client.get(_change_url(user)).content.decode()
    assert text not in page and token.digest not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_admin_section_has_its_own_name(client, superuser, language):
    # Two sections were both called 계정 (allauth's e-mail addresses and our users and consents).
    import re

    client.force_login(superuser)
    client.cookies["django_language"] = language
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    names = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', index)
    assert len(names) > 5
    assert len(names) == len(set(names)), names
