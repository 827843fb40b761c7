"""How staff views check permissions: one decorator and one in-view check for every app.

Permissions come from the staff roles (``portal.accounts.roles``), never from ``is_superuser``.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied


def staff_permission(permission: str):
    """Anonymous visitors go to the sign-in page; signed-in people without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def require_permissions(request, *permissions: str) -> None:
    """403 unless the user holds every permission named (for an action inside a page)."""
    if not request.user.has_perms(permissions):
        raise PermissionDenied
