from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.data_export, name="data_export"),
    path("privacy/my-data/", views.data_page, name="data_page"),
    path("privacy/consents/", views.consent_change, name="consent_change"),
    path("delete/", views.account_delete, name="account_delete"),
    path("api-token/", views.api_token, name="api_token"),
    path("notifications/", views.notifications, name="notifications"),
    path("notification-language/", views.notification_language, name="notification_language"),
]
