from django.urls import path

from .views import calls, directory, firm_record, firms, review, staff, staff_calls

app_name = "tenants"

urlpatterns = [
    # The firm's own record, members and invitations
    path("my/firm/", firms.my_firm, name="my_firm"),
    path("my/firm/register/", firms.firm_register_view, name="firm_register"),
    path("my/firm/edit/", firms.firm_edit, name="firm_edit"),
    path("my/firm/members/", firms.members, name="members"),
    path("my/firm/members/<int:pk>/remove/", firms.member_remove, name="member_remove"),
    path("my/firm/invitations/<int:pk>/revoke/", firms.invitation_revoke_view, name="invitation_revoke"),
    path("invitations/<str:token>/", firms.invitation_accept_view, name="invitation_accept"),
    path("firms/<int:pk>/logo/", firms.firm_logo, name="firm_logo"),
    # Calls for tenants (public) and the firm's applications
    path("calls/", calls.call_list, name="call_list"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/apply/", calls.application_start, name="application_start"),
    path("my/applications/", calls.my_applications, name="my_applications"),
    path("my/applications/<int:pk>/", calls.application_detail, name="application_detail"),
    path("my/applications/<int:pk>/edit/", calls.application_edit, name="application_edit"),
    path("my/applications/<int:pk>/submit/", calls.application_submit_view, name="application_submit"),
    path("my/applications/<int:pk>/withdraw/", calls.application_withdraw_view, name="application_withdraw"),
    path("my/applications/<int:pk>/receipt/", calls.application_receipt, name="application_receipt"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        calls.attachment_download,
        name="attachment_download",
    ),
    path("my/leases/", calls.my_leases, name="my_leases"),
    path("my/leases/<int:pk>/renew/", calls.lease_renewal_request, name="lease_renewal_request"),
    # Public directory of resident firms
    path("tenants/", directory.directory, name="directory"),
    path("tenants/<int:pk>/", directory.firm_profile, name="firm_profile"),
    # Reviewers
    path("review/", review.review_list, name="review_list"),
    path("review/<int:pk>/", review.review_detail, name="review_detail"),
    # Staff workspace
    path("staff/", staff.dashboard, name="staff_dashboard"),
    path("staff/calls/<int:pk>/", staff.call_applications, name="staff_call"),
    path("staff/calls/<int:pk>/apply-decisions/", staff.apply_decisions, name="staff_apply_decisions"),
    path("staff/applications/<int:pk>/", staff.application_review, name="staff_application"),
    path("staff/leases/", staff.lease_list, name="staff_leases"),
    path("staff/leases/<int:pk>/", staff.lease_detail, name="staff_lease"),
]

# One firm, one record (staff)
urlpatterns += [
    path("staff/firms/", firm_record.firm_list, name="staff_firms"),
    path("staff/firms/<int:pk>/", firm_record.firm_detail, name="staff_firm"),
    path("staff/firms/<int:pk>/export.xlsx", firm_record.firm_export, name="staff_firm_export"),
]

# Staff writing calls and sites in both languages; correction requests (서류 보완 요청)
urlpatterns += [
    path("staff/calls/", staff_calls.call_list, name="staff_calls"),
    path("staff/calls/new/", staff_calls.call_create, name="staff_call_create"),
    path("staff/calls/<int:pk>/edit/", staff_calls.call_edit, name="staff_call_edit"),
    path("staff/calls/<int:pk>/publish/", staff_calls.call_publish_view, name="staff_call_publish"),
    path("staff/calls/<int:pk>/close/", staff_calls.call_close_view, name="staff_call_close"),
    path("staff/applications/<int:pk>/return/", staff_calls.application_return, name="staff_application_return"),
    path(
        "staff/applications/<int:pk>/close-uncorrected/",
        staff_calls.application_close_uncorrected,
        name="staff_application_close_uncorrected",
    ),
    path("staff/sites/", staff_calls.site_list, name="staff_sites"),
    path("staff/sites/new/", staff_calls.site_create, name="staff_site_create"),
    path("staff/sites/<int:pk>/edit/", staff_calls.site_edit, name="staff_site_edit"),
]
