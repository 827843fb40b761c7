from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.data_export, name="data_export"),
    path("api-token/", views.api_token, name="api_token"),
    path("notifications/", views.notifications, name="notifications"),
    path("notification-language/", views.notification_language, name="notification_language"),
]
