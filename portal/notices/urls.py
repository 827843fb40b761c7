from django.urls import path

from . import views
from .feeds import notice_feed

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/feed/", notice_feed, name="feed"),
    path("notices/feed/<str:category>/", notice_feed, name="category_feed"),
    path("notices/<int:pk>/", views.notice_detail, name="detail"),
    path("notices/<int:pk>/files/<int:attachment_pk>/", views.notice_attachment, name="attachment"),
    path("staff/notices/", views.staff_notice_list, name="staff_list"),
    path("staff/notices/new/", views.staff_notice_create, name="staff_create"),
    path("staff/notices/<int:pk>/", views.staff_notice_edit, name="staff_edit"),
    path(
        "staff/notices/<int:pk>/<str:action>/",
        views.staff_notice_action,
        name="staff_action",
    ),
    path(
        "staff/notices/<int:pk>/files/<int:attachment_pk>/remove/",
        views.staff_notice_attachment_remove,
        name="staff_attachment_remove",
    ),
]
