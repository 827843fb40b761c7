import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tenants.choices import BusinessStatus, MembershipRole
from tenants.models import Firm, FirmMembership


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0b5cad").save(buffer, "PNG")
    return buffer.getvalue()


def registration_data(**overrides):
    data = {
        "brn": "124-81-00998",
        "name_ko": "(주)창원에이아이",
        "name_en": "Changwon AI",
        "representative_name": "김창원",
        "industry": "ai_software",
        "postal_code": "51140",
        "address": "경상남도 창원시 의창구 창원대학로 20",
        "phone": "０５５－２１２－３４５６",
        "employees": "12",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_registering_makes_the_user_representative_and_stores_ten_digits(client, user):
    client.force_login(user)
    response = client.post(reverse("tenants:firm_register"), registration_data())
    assert response.status_code == 302
    firm = Firm.objects.get()
    assert firm.brn == "1248100998"
    assert firm.brn_display == "124-81-00998"
    assert firm.phone == "055-212-3456"
    assert firm.business_status == BusinessStatus.OPEN
    assert FirmMembership.objects.get(user=user).role == MembershipRole.REPRESENTATIVE


@pytest.mark.django_db
def test_invalid_brn_is_refused_with_a_message_naming_the_check_digit(client, user):
    client.force_login(user)
    response = client.post(reverse("tenants:firm_register"), registration_data(brn="123-45-67890"))
    assert response.status_code == 200
    assert "check digit" in response.content.decode() or "검증" in response.content.decode()
    assert not Firm.objects.exists()


@pytest.mark.django_db
def test_second_firm_with_the_same_brn_is_refused(client, user, alice):
    alice_firm = alice[0]
    client.force_login(user)
    response = client.post(reverse("tenants:firm_register"), registration_data(brn=alice_firm.brn_display))
    assert response.status_code == 200
    assert response.context["form"].errors["brn"]
    assert Firm.objects.count() == 1


@pytest.mark.django_db
def test_representative_edit_is_audited_with_actor_and_address(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    data = {**registration_data(), "name_ko": "(주)앨리스랩", "postal_code": "51391"}
    data.pop("brn")
    response = client.post(reverse("tenants:firm_edit"), data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.name == "(주)앨리스랩"
    entry = LogEntry.objects.get_for_object(firm).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == representative
    assert entry.remote_addr == "10.1.2.3"
    assert "name_ko" in entry.changes_dict


@pytest.mark.django_db
def test_a_member_cannot_edit_the_profile(client, alice):
    _, _, member = alice
    client.force_login(member)
    assert client.get(reverse("tenants:firm_edit")).status_code == 403


@pytest.mark.django_db
def test_bad_edit_keeps_the_saved_record(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    data = {**registration_data(), "name_ko": "", "postal_code": "1234"}
    data.pop("brn")
    response = client.post(reverse("tenants:firm_edit"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name_ko" in errors and "postal_code" in errors
    firm.refresh_from_db()
    assert firm.name == "alice" and firm.postal_code == "51140"


@pytest.mark.django_db
def test_logo_is_checked_by_content_and_stored_under_a_random_name(client, alice):
    firm, representative, _ = alice
    client.force_login(representative)
    data = {**registration_data(), "logo": SimpleUploadedFile("../../evil.gif", png_bytes(), "image/gif")}
    data.pop("brn")
    assert client.post(reverse("tenants:firm_edit"), data).status_code == 302
    firm.refresh_from_db()
    assert firm.logo.name.startswith("logos/") and firm.logo.name.endswith(".png")
    assert "evil" not in firm.logo.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not an image", "image"),
        (b"GIF89a" + b"\x00" * 64, "image"),
    ],
)
def test_logo_that_is_not_an_image_is_refused(client, alice, content, message):
    firm, representative, _ = alice
    client.force_login(representative)
    data = {**registration_data(), "logo": SimpleUploadedFile("logo.png", content, "image/png")}
    data.pop("brn")
    response = client.post(reverse("tenants:firm_edit"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    firm.refresh_from_db()
    assert not firm.logo


@pytest.mark.django_db
def test_oversized_logo_is_refused_with_the_limit(client, alice, settings):
    settings.LOGO_MAX_BYTES = 1000
    firm, representative, _ = alice
    client.force_login(representative)
    data = {**registration_data(), "logo": SimpleUploadedFile("big.png", png_bytes((400, 400)), "image/png")}
    data.pop("brn")
    response = client.post(reverse("tenants:firm_edit"), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


@pytest.mark.django_db
def test_user_without_a_firm_is_invited_to_register(client, user):
    client.force_login(user)
    response = client.get(reverse("tenants:my_firm"))
    assert reverse("tenants:firm_register") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("brn", "status"), [("609-81-99901", BusinessStatus.SUSPENDED), ("609-81-99916", BusinessStatus.CLOSED)]
)
def test_business_status_comes_from_the_adapter(client, user, brn, status):
    client.force_login(user)
    client.post(reverse("tenants:firm_register"), registration_data(brn=brn))
    assert Firm.objects.get().business_status == status


@pytest.mark.django_db
def test_business_status_is_kept_when_the_service_cannot_answer(alice, settings):
    from tenants.services import firm_check_business_status

    firm = alice[0]
    firm.business_status = BusinessStatus.OPEN
    firm.save()
    settings.BUSINESS_STATUS_ADAPTER = "tenants.business_status.NtsBusinessStatusAdapter"
    settings.NTS_SERVICE_KEY = ""  # the real adapter refuses before touching the network
    firm_check_business_status(firm=firm)
    firm.refresh_from_db()
    assert firm.business_status == BusinessStatus.OPEN


@pytest.mark.django_db
def test_change_history_shows_readable_changes_to_the_representative(client, alice):
    firm, representative, member = alice
    client.force_login(representative)
    data = {**registration_data(), "employees": "37", "public_profile": "on"}
    data.pop("brn")
    client.post(reverse("tenants:firm_edit"), data)
    response = client.get(reverse("tenants:my_firm"))
    rows = response.context["history"]
    fields = {field for field, _, _ in rows[0]["changes"]}
    assert "Employees" in fields or "직원 수" in fields
    assert not any("None" in old or "None" in new for _, old, new in rows[0]["changes"])
    client.force_login(member)
    assert client.get(reverse("tenants:my_firm")).context["history"] == []


@pytest.mark.parametrize(("language", "label"), [("ko", "AI·소프트웨어"), ("en", "AI and software")])
def test_industry_and_business_status_labels_follow_the_language_and_keep_unknown_values(language, label):
    from django.utils import translation

    firm = Firm(industry="ai_software", business_status=BusinessStatus.NOT_CHECKED)
    with translation.override(language):
        assert firm.get_industry_display() == label
        assert firm.get_business_status_display() == str(BusinessStatus.NOT_CHECKED.label)
    assert Firm(industry="retired-kind").get_industry_display() == "retired-kind"
