"""Forms never lose what was typed, and a current file links where it is served (issue 16).

Attaching a file to an application used to post a second form and drop the summary and plan typed
but not saved; a logo had to be chosen again after any error without the page saying so; and the
"Currently:" link of a stored file pointed to the unserved ``/media-not-served/…``.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from portal.files import ServedFieldFile
from tenants.models import ApplicationAttachment

from ..factories import ApplicationFactory, pdf_upload
from ..tenants.test_firm_profile import png_bytes, registration_data

TYPED = {"summary": "새로 쓴 요약", "plan": "저장하지 않은 계획", "headcount": "3"}


@pytest.fixture
def draft(alice):
    return ApplicationFactory(firm=alice[0], summary="", plan="")


def edit_url(application):
    return reverse("tenants:application_edit", args=[application.pk])


@pytest.mark.django_db
def test_attaching_a_file_saves_the_text_typed_with_it(client, alice, draft):
    client.force_login(alice[1])
    requirement = draft.call.requirements.first()
    data = {**TYPED, "attachment-requirement": requirement.pk, "attachment-file": pdf_upload()}
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.plan) == (TYPED["summary"], TYPED["plan"])
    assert draft.attachments.get().requirement == requirement


@pytest.mark.django_db
def test_a_refused_file_shows_the_typed_text_again_and_saves_nothing(client, alice, draft):
    client.force_login(alice[1])
    requirement = draft.call.requirements.first()
    refused = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    data = {**TYPED, "attachment-requirement": requirement.pk, "attachment-file": refused}
    response = client.post(edit_url(draft), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert TYPED["summary"] in body and TYPED["plan"] in body
    assert response.context["upload_form"].errors["file"]
    draft.refresh_from_db()
    assert draft.summary == "" and not ApplicationAttachment.objects.exists()


@pytest.mark.django_db
def test_a_chosen_file_is_named_to_choose_again_when_other_fields_fail(client, alice, draft):
    client.force_login(alice[1])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    requirement = draft.call.requirements.first()
    data = {**TYPED, "headcount": "-1", "attachment-requirement": requirement.pk, "attachment-file": pdf_upload()}
    body = client.post(edit_url(draft), data).content.decode()
    assert "Choose the file again before you submit" in body
    assert not ApplicationAttachment.objects.exists()


@pytest.mark.django_db
def test_removing_an_attachment_saves_the_typed_text_and_asks_first(client, alice, draft):
    client.force_login(alice[1])
    attachment = ApplicationAttachment.from_upload(pdf_upload(), application=draft)
    attachment.save()
    page = client.get(edit_url(draft)).content.decode()
    assert f'name="remove" value="{attachment.pk}"' in page and "data-confirm=" in page
    response = client.post(edit_url(draft), {**TYPED, "remove": attachment.pk})
    assert response.url == edit_url(draft)
    draft.refresh_from_db()
    assert draft.summary == TYPED["summary"] and not draft.attachments.exists()


@pytest.mark.django_db
def test_another_firms_attachment_cannot_be_removed(client, alice, bob, draft):
    theirs = ApplicationAttachment.from_upload(pdf_upload(), application=ApplicationFactory(firm=bob[0]))
    theirs.save()
    client.force_login(alice[1])
    assert client.post(edit_url(draft), {**TYPED, "remove": theirs.pk}).status_code == 404
    assert ApplicationAttachment.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_the_logo_is_named_to_choose_again_and_the_current_logo_links_to_its_view(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {**registration_data(), "logo": SimpleUploadedFile("mark.png", png_bytes(), "image/png")}
    data.pop("brn")
    assert client.post(reverse("tenants:firm_edit"), data).status_code == 302

    data = {**registration_data(), "postal_code": "12", "logo": SimpleUploadedFile("new.png", png_bytes(), "image/png")}
    data.pop("brn")
    body = client.post(reverse("tenants:firm_edit"), data).content.decode()
    assert "Choose the file again before you submit" in body
    assert f'href="{reverse("tenants:firm_logo", args=[firm.pk])}"' in body
    assert settings.MEDIA_URL not in body


def file_fields():
    for model in apps.get_models():
        if model._meta.app_label in ("admin", "auth", "contenttypes", "sessions"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def test_every_stored_file_links_to_the_view_that_serves_it():
    found = list(file_fields())
    assert len(found) >= 8
    for model, field in found:
        assert issubclass(field.attr_class, ServedFieldFile), f"{model.__name__}.{field.name}"
        assert callable(getattr(model, "served_file_url", None)), model.__name__


@pytest.mark.django_db
def test_a_served_file_url_is_never_under_media_url(alice):
    firm = alice[0]
    firm.logo = "logos/x.png"
    assert firm.logo.url == reverse("tenants:firm_logo", args=[firm.pk])
    attachment = ApplicationAttachment(pk=7, application=ApplicationFactory(firm=firm), file="attachments/a.pdf")
    assert attachment.file.url == attachment.get_absolute_url()
    assert not attachment.file.url.startswith(settings.MEDIA_URL)
