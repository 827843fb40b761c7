from django.urls import path

from . import views

app_name = "tenants"

urlpatterns = [
    path("my/firm/", views.my_firm, name="my_firm"),
    path("my/firm/register/", views.firm_register_view, name="firm_register"),
    path("my/firm/edit/", views.firm_edit, name="firm_edit"),
    path("my/firm/members/", views.members, name="members"),
    path("my/firm/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("my/firm/invitations/<int:pk>/revoke/", views.invitation_revoke_view, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("firms/<int:pk>/logo/", views.firm_logo, name="firm_logo"),
]
