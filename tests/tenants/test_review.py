"""Reviewers: their own assignments only, conflicts of interest exclude, blind calls hide the firm."""

import pytest
from django.urls import reverse

from portal.accounts.roles import REVIEWER
from tenants.choices import ApplicationStage, ConflictState
from tenants.models import ReviewAssignment, ReviewScore
from tenants.services import attachment_add, review_assign, review_declare_conflict, review_submit

from ..factories import ApplicationFactory, MembershipFactory, TenancyCallFactory, pdf_upload, user_in_role

SUMMARY = "사출성형 불량 예측 AI"
PLAN = "창원 국가산단 제조기업 3곳과 실증"


@pytest.fixture
def reviewer(roles):
    return user_in_role(REVIEWER)


@pytest.fixture
def application(db):
    return ApplicationFactory(
        stage=ApplicationStage.UNDER_REVIEW, summary=SUMMARY, plan=PLAN, firm__name="(주)창원비전"
    )


def detail_url(assignment):
    return reverse("tenants:review_detail", args=[assignment.pk])


def score_data(application, scores, comment=""):
    data = {"action": "score", "score-comment": comment}
    for criterion, score in zip(application.call.criteria.all(), scores, strict=True):
        data[f"score-score_{criterion.pk}"] = score
        data[f"score-comment_{criterion.pk}"] = ""
    return data


def submit(application, reviewer, scores):
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    criteria = application.call.criteria.all()
    return review_submit(assignment=assignment, scores={c.pk: (s, "") for c, s in zip(criteria, scores, strict=True)})


@pytest.fixture
def ready(client, reviewer, application):
    """The reviewer declared no conflict and is about to score; the client is signed in as them."""
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    client.force_login(reviewer)
    return assignment


# The list


@pytest.mark.django_db
def test_review_list_shows_only_ones_own_assignments(client, reviewer, application):
    review_assign(application=application, reviewer=reviewer)
    others = ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW, firm__name="(주)남의것")
    review_assign(application=others, reviewer=user_in_role(REVIEWER))
    client.force_login(reviewer)
    body = client.get(reverse("tenants:review_list")).content.decode()
    assert "(주)창원비전" in body
    assert "(주)남의것" not in body


@pytest.mark.django_db
def test_review_list_without_assignments_answers_with_the_empty_state(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("tenants:review_list"))
    assert response.status_code == 200
    assert list(response.context["assignments"]) == []


@pytest.mark.django_db
def test_review_list_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("tenants:review_list"))
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 10])
def test_review_list_queries_do_not_grow_with_rows(client, reviewer, django_assert_max_num_queries, rows):
    for _ in range(rows):
        review_assign(application=ApplicationFactory(stage=ApplicationStage.UNDER_REVIEW), reviewer=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(6):
        client.get(reverse("tenants:review_list"))


# Ownership


@pytest.mark.django_db
def test_reviewer_cannot_open_another_reviewers_assignment(client, reviewer, application):
    theirs = review_assign(application=application, reviewer=user_in_role(REVIEWER))
    client.force_login(reviewer)
    assert client.get(detail_url(theirs)).status_code == 404
    assert client.post(detail_url(theirs), score_data(application, [90, 90, 90])).status_code == 404
    assert not ReviewScore.objects.exists()


# Conflicts of interest


@pytest.mark.django_db
def test_member_of_the_firm_is_flagged_automatically_and_sees_nothing(client, reviewer, application):
    MembershipFactory(firm=application.firm, user=reviewer)
    assignment = review_assign(application=application, reviewer=reviewer)
    assert assignment.conflict == ConflictState.CONFLICT
    client.force_login(reviewer)
    response = client.get(detail_url(assignment))
    body = response.content.decode()
    assert response.context["score_form"] is None
    assert assignment.conflict_note in body
    assert SUMMARY not in body
    assert PLAN not in body


@pytest.mark.django_db
def test_member_of_the_firm_cannot_score(client, reviewer, application):
    MembershipFactory(firm=application.firm, user=reviewer)
    assignment = review_assign(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    client.post(detail_url(assignment), score_data(application, [100, 100, 100]))
    assert not ReviewScore.objects.exists()
    assert ReviewAssignment.objects.get(pk=assignment.pk).submitted_at is None


@pytest.mark.django_db
def test_application_is_hidden_until_conflict_is_declared(client, reviewer, application):
    assignment = review_assign(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(detail_url(assignment))
    assert response.context["conflict_form"] is not None
    assert SUMMARY not in response.content.decode()


@pytest.mark.django_db
def test_reviewer_who_declares_a_conflict_cannot_score(client, reviewer, application):
    assignment = review_assign(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.post(
        detail_url(assignment), {"action": "conflict", "conflict-has_conflict": "yes", "conflict-note": "전 직장"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.conflict, assignment.conflict_note) == (ConflictState.CONFLICT, "전 직장")
    client.post(detail_url(assignment), score_data(application, [90, 90, 90]))
    assert not ReviewScore.objects.exists()
    assert SUMMARY not in client.get(detail_url(assignment)).content.decode()


@pytest.mark.django_db
def test_declaring_a_conflict_without_a_note_is_a_form_error(client, reviewer, application):
    assignment = review_assign(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.post(detail_url(assignment), {"action": "conflict", "conflict-has_conflict": "yes"})
    assert response.status_code == 200
    assert "note" in response.context["conflict_form"].errors
    assignment.refresh_from_db()
    assert assignment.conflict == ConflictState.PENDING


@pytest.mark.django_db
def test_declaring_no_conflict_shows_the_application_and_the_score_form(client, reviewer, application):
    assignment = review_assign(application=application, reviewer=reviewer)
    client.force_login(reviewer)
    client.post(detail_url(assignment), {"action": "conflict", "conflict-has_conflict": "no"})
    response = client.get(detail_url(assignment))
    assert response.context["score_form"] is not None
    assert SUMMARY in response.content.decode()


# Scoring


@pytest.mark.django_db
def test_reviewer_submits_one_score_per_criterion(client, ready, application):
    response = client.post(detail_url(ready), score_data(application, [80, 70, 90], comment="우수"))
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.submitted_at is not None
    assert ready.comment == "우수"
    assert sorted(ready.scores.values_list("score", flat=True)) == [70, 80, 90]


@pytest.mark.django_db
def test_score_labels_give_the_criterion_weight(client, ready, application):
    form = client.get(detail_url(ready)).context["score_form"]
    labels = [str(field.label) for name, field in form.fields.items() if name.startswith("score_")]
    # The label wording is translated; the criterion and its weight are in it in every language.
    assert [("기술성" in label, "40%" in label) for label in labels[:1]] == [(True, True)]
    assert ["40%" in labels[1], "20%" in labels[2]] == [True, True]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["101", "-1", "eighty", "", "7.5"])
def test_a_bad_score_is_a_form_error(client, ready, application, bad):
    response = client.post(detail_url(ready), score_data(application, [bad, 70, 90]))
    assert response.status_code == 200
    first = application.call.criteria.first()
    assert f"score_{first.pk}" in response.context["score_form"].errors
    assert not ReviewScore.objects.exists()


@pytest.mark.django_db
def test_scores_cannot_be_submitted_twice(client, ready, application):
    client.post(detail_url(ready), score_data(application, [80, 70, 90]))
    response = client.post(detail_url(ready), score_data(application, [10, 10, 10]))
    assert response.status_code == 302
    assert sorted(ReviewScore.objects.values_list("score", flat=True)) == [70, 80, 90]


@pytest.mark.django_db
def test_scoring_is_closed_once_the_application_is_decided(client, ready, application):
    type(application).objects.filter(pk=application.pk).update(stage=ApplicationStage.SELECTED)
    response = client.get(detail_url(ready))
    assert response.context["score_form"] is None
    client.post(detail_url(ready), score_data(application, [80, 70, 90]))
    assert not ReviewScore.objects.exists()


@pytest.mark.django_db
def test_other_reviewers_scores_are_hidden_before_submitting(client, ready, application):
    submit(application, user_in_role(REVIEWER), [50, 60, 70])  # 20 + 24 + 14 = 58
    response = client.get(detail_url(ready))
    assert "other_reviews" not in response.context
    assert "58.0" not in response.content.decode()


@pytest.mark.django_db
def test_other_reviewers_scores_are_shown_after_submitting(client, ready, application):
    submit(application, user_in_role(REVIEWER), [50, 60, 70])  # 20 + 24 + 14 = 58
    client.post(detail_url(ready), score_data(application, [80, 70, 90]))  # 32 + 28 + 18 = 78
    response = client.get(detail_url(ready))
    assert [review["total"] for review in response.context["other_reviews"]] == [58.0]
    assert response.context["own_review"]["total"] == 78.0
    body = response.content.decode()
    assert "58.0" in body
    assert "78.0" in body


@pytest.mark.django_db
def test_reviewers_with_a_conflict_are_not_among_the_others(client, ready, application):
    excluded = review_assign(application=application, reviewer=user_in_role(REVIEWER))
    review_declare_conflict(assignment=excluded, has_conflict=True, note="투자")
    client.post(detail_url(ready), score_data(application, [80, 70, 90]))
    assert client.get(detail_url(ready)).context["other_reviews"] == []


# Blind review


@pytest.fixture
def blind_application(db):
    application = ApplicationFactory(
        call=TenancyCallFactory(blind_review=True),
        stage=ApplicationStage.DRAFT,
        firm__name="(주)숨은기업",
        summary=SUMMARY,
    )
    attachment_add(application=application, file=pdf_upload("숨은기업_사업계획서.pdf"))
    type(application).objects.filter(pk=application.pk).update(stage=ApplicationStage.UNDER_REVIEW)
    application.refresh_from_db()
    return application


@pytest.mark.django_db
def test_blind_review_hides_the_firm_in_the_list(client, reviewer, blind_application):
    review_assign(application=blind_application, reviewer=reviewer)
    client.force_login(reviewer)
    body = client.get(reverse("tenants:review_list")).content.decode()
    assert "(주)숨은기업" not in body
    assert f"#{blind_application.pk}" in body


@pytest.mark.django_db
def test_blind_review_hides_the_firm_and_attachments_on_the_review_page(client, reviewer, blind_application):
    assignment = review_assign(application=blind_application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    client.force_login(reviewer)
    body = client.get(detail_url(assignment)).content.decode()
    assert SUMMARY in body
    assert "(주)숨은기업" not in body
    assert "숨은기업_사업계획서.pdf" not in body
    assert "/attachments/" not in body


@pytest.mark.django_db
def test_the_conflict_declaration_names_the_applicant_even_in_a_blind_review(client, reviewer, blind_application):
    assignment = review_assign(application=blind_application, reviewer=reviewer)
    client.force_login(reviewer)
    body = client.get(detail_url(assignment), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    declaration = body.split('name="action" value="conflict"')[0]
    assert "(주)숨은기업" in declaration and blind_application.firm.brn_display in declaration
    assert SUMMARY not in body  # nothing of the application before the declaration


@pytest.mark.django_db
def test_blind_review_shows_the_documents_the_call_marks_under_their_document_name(client, reviewer):
    call = TenancyCallFactory(blind_review=True)
    plan, registration = call.requirements.get(name="사업계획서"), call.requirements.get(name="사업자등록증")
    plan.shown_in_blind_review = True
    plan.save()
    application = ApplicationFactory(call=call, stage=ApplicationStage.DRAFT, firm__name="(주)숨은기업")
    shown = attachment_add(application=application, file=pdf_upload("숨은기업_계획.pdf"), requirement=plan)
    hidden = attachment_add(application=application, file=pdf_upload("숨은기업_등록증.pdf"), requirement=registration)
    type(application).objects.filter(pk=application.pk).update(stage=ApplicationStage.UNDER_REVIEW)
    application.refresh_from_db()
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    client.force_login(reviewer)
    body = client.get(detail_url(assignment), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    shown_url = reverse("tenants:attachment_download", args=[application.pk, shown.pk])
    hidden_url = reverse("tenants:attachment_download", args=[application.pk, hidden.pk])
    assert shown_url in body and hidden_url not in body and "숨은기업" not in body
    response = client.get(shown_url)
    assert response.status_code == 200 and "숨은기업" not in response["Content-Disposition"]
    assert client.get(hidden_url).status_code == 404


@pytest.mark.django_db
def test_open_review_shows_the_firm_and_links_its_attachments(client, reviewer):
    application = ApplicationFactory(stage=ApplicationStage.DRAFT, firm__name="(주)창원비전")
    attachment = attachment_add(application=application, file=pdf_upload("plan.pdf"))
    type(application).objects.filter(pk=application.pk).update(stage=ApplicationStage.UNDER_REVIEW)
    application.refresh_from_db()
    assignment = review_assign(application=application, reviewer=reviewer)
    review_declare_conflict(assignment=assignment, has_conflict=False)
    client.force_login(reviewer)
    body = client.get(detail_url(assignment)).content.decode()
    assert "(주)창원비전" in body
    assert reverse("tenants:attachment_download", args=[application.pk, attachment.pk]) in body
