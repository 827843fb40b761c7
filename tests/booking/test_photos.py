"""A resource's photos are served by the portal (MEDIA_URL is never served), to whoever may see the resource."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tenants.booking.models import ResourcePhoto

from ..factories import ResourceFactory
from ..tenants.test_firm_profile import png_bytes

pytestmark = pytest.mark.django_db


def photo_of(resource):
    image = SimpleUploadedFile("room.png", png_bytes(), content_type="image/png")
    return ResourcePhoto.objects.create(resource=resource, caption="회의실 전경", image=image)


def test_the_resource_page_shows_its_photo_from_the_serving_view(client):
    photo = photo_of(ResourceFactory(audience="public"))
    url = reverse("booking:resource_photo", args=[photo.resource_id, photo.pk])
    assert photo.image.url == url
    page = client.get(photo.resource.get_absolute_url())
    assert f'src="{url}"' in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_photo_of_a_resource_the_public_cannot_see_is_a_404(client):
    photo = photo_of(ResourceFactory(audience="residents"))
    assert client.get(reverse("booking:resource_photo", args=[photo.resource_id, photo.pk])).status_code == 404


def test_a_photo_is_found_only_under_its_own_resource(client):
    photo = photo_of(ResourceFactory(audience="public"))
    other = ResourceFactory(audience="public")
    assert client.get(reverse("booking:resource_photo", args=[other.pk, photo.pk])).status_code == 404
