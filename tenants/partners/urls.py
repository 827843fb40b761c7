from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    # Partners (public) and the staff MOU workspace
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/logo/", views.partner_logo, name="partner_logo"),
    path("staff/mous/", views.mou_workspace, name="staff_mous"),
    path("staff/mous/new/", views.mou_create_view, name="staff_mou_create"),
    path("staff/mous/<int:pk>/", views.mou_detail, name="staff_mou"),
    path("staff/mous/<int:pk>/edit/", views.mou_edit, name="staff_mou_edit"),
    path("staff/mous/<int:pk>/document/", views.mou_document, name="staff_mou_document"),
    path("staff/mous/obligations/", views.obligation_list, name="staff_obligations"),
    path("staff/mous/obligations/<int:pk>/", views.obligation_detail, name="staff_obligation"),
    path(
        "staff/mous/obligations/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="staff_evidence_download",
    ),
]
