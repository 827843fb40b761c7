from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    # A resident firm's service requests
    path("my/requests/", views.my_requests, name="my_requests"),
    path("my/requests/new/", views.request_create, name="request_create"),
    path("my/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("my/requests/<int:pk>/files/<int:file_pk>/", views.attachment_download, name="attachment_download"),
    path("my/requests/<int:pk>/certificate.pdf", views.certificate_download, name="certificate_download"),
    # Public verification of a certificate of residence
    path("certificates/residence/<str:code>/", views.certificate_verify, name="certificate_verify"),
    # The staff queue
    path("staff/desk/", views.staff_queue_view, name="staff_queue"),
    path("staff/desk/service-levels/", views.staff_service_levels, name="staff_service_levels"),
    path("staff/desk/<int:pk>/", views.staff_request, name="staff_request"),
]
