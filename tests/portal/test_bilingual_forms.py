"""The one mechanism for content in two languages on forms (portal.forms.BilingualFormMixin)."""

import pytest
from django import forms

from portal.forms import BilingualFormMixin, KstDateTimeField, bilingual
from programs.forms import CohortForm, ProgrammeForm
from tenants.forms import CallCriterionForm, CallRequirementForm, SiteForm, TenancyCallForm

STAFF_CONTENT_FORMS = [TenancyCallForm, CallRequirementForm, CallCriterionForm, SiteForm, ProgrammeForm, CohortForm]


def test_bilingual_names_both_columns_of_each_field():
    assert bilingual("title", "body") == ["title_ko", "title_en", "body_ko", "body_en"]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", STAFF_CONTENT_FORMS)
def test_every_staff_content_form_edits_each_translated_field_in_both_languages(form_class):
    form = form_class()
    assert isinstance(form, BilingualFormMixin)
    assert form.translated_names, form_class
    pairs = [row for row in form.layout_rows() if len(row) > 1]
    assert {tuple(field.name for field in row) for row in pairs} == {
        (f"{name}_ko", f"{name}_en") for name in form.translated_names
    }
    for name in form.translated_names:
        assert form.fields[f"{name}_ko"].label.endswith("(한국어)")
        assert form.fields[f"{name}_en"].label.endswith("(English)")
        assert not form.fields[f"{name}_en"].required


@pytest.mark.django_db
def test_korean_is_required_where_the_model_field_is():
    form = TenancyCallForm()
    assert form.fields["title_ko"].required and not form.fields["eligibility_ko"].required


def test_a_kst_time_is_kst_whatever_the_active_zone(settings):
    from django.utils import timezone

    class Form(forms.Form):
        at = KstDateTimeField()

    with timezone.override("UTC"):
        form = Form({"at": "2027-01-04T09:00"})
        assert form.is_valid()
    assert form.cleaned_data["at"].isoformat() == "2027-01-04T09:00:00+09:00"


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_kst_time_far_out_of_range_is_a_form_error(typed):
    class Form(forms.Form):
        at = KstDateTimeField()

    form = Form({"at": typed})
    assert not form.is_valid() and form.errors["at"]
