from django.urls import path

from . import views

app_name = "booking"

urlpatterns = [
    path("rooms/", views.resource_list, name="resources"),
    path("rooms/<int:pk>/photos/<int:photo_pk>/", views.resource_photo, name="resource_photo"),
    path("rooms/<int:pk>/", views.resource_detail, name="resource"),
    path("rooms/bookings/", views.my_bookings, name="my_bookings"),
    path("rooms/bookings/<int:pk>/", views.booking_detail, name="booking"),
    path("rooms/bookings/<int:pk>/booking.ics", views.booking_ics, name="booking_ics"),
    path("rooms/feed/<str:token>.ics", views.feed, name="feed"),
    path("staff/rooms/", views.staff_board, name="staff_board"),
    path("staff/rooms/approvals/", views.staff_approvals, name="staff_approvals"),
    path("staff/rooms/bookings/<int:pk>/", views.staff_booking_action, name="staff_booking_action"),
    path("staff/rooms/blackouts/", views.staff_blackouts, name="staff_blackouts"),
    path("staff/rooms/charges/", views.staff_charges, name="staff_charges"),
    path("staff/rooms/usage/", views.staff_usage, name="staff_usage"),
]
