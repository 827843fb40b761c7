"""Shared by every app's API: how a service's ValidationError becomes a DRF 400."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


def as_drf_error(
    error: DjangoValidationError, *, field: str = api_settings.NON_FIELD_ERRORS_KEY, renamed: dict | None = None
) -> ValidationError:
    """Per-field messages stay per field (``renamed`` maps the service's names to the serializer's);
    messages without a field go under ``field``."""
    renamed = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **(renamed or {})}
    if hasattr(error, "error_dict"):
        return ValidationError({renamed.get(name, name): messages for name, messages in error.message_dict.items()})
    return ValidationError({field: error.messages})


class HasRequiredPermission(permissions.BasePermission):
    """Staff endpoints: the view names the permission (``required_permission``) its readers need;
    ``write_permission``, when set, is also needed for anything but reading."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.has_perm(view.required_permission)):
            return False
        write_permission = getattr(view, "write_permission", None)
        return request.method in permissions.SAFE_METHODS or not write_permission or user.has_perm(write_permission)
