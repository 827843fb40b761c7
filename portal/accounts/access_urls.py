from django.urls import path

from . import access_views

app_name = "access_records"

urlpatterns = [
    path("", access_views.access_record_list, name="list"),
]
