"""Shared by every app's API: one exception handler that turns a service's Django ValidationError
into a DRF 400 with field errors (HackSoft's pattern), the staff-permission check, and the routers
whose detail routes take numeric ids only."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.routers import DefaultRouter, SimpleRouter
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from portal.i18n import DEFAULT_LANGUAGE, translated_field_names

# Every record's id is a PostgreSQL bigint: at most 19 digits, so 18 always fit (no DataError).
ID_PATTERN = r"[0-9]{1,18}"


def as_drf_error(
    error: DjangoValidationError, *, field: str = api_settings.NON_FIELD_ERRORS_KEY, renamed: dict | None = None
) -> ValidationError:
    """Per-field messages stay per field (``renamed`` maps the service's names to the serializer's);
    messages without a field go under ``field``."""
    renamed = {NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY, **(renamed or {})}
    if hasattr(error, "error_dict"):
        return ValidationError({renamed.get(name, name): messages for name, messages in error.message_dict.items()})
    return ValidationError({field: error.messages})


def exception_handler(exc, context):
    """A service's ``django.core.exceptions.ValidationError`` is a 400, never a 500, for every view.

    A view may say where messages without a field belong (``service_error_field``, or per error code
    in ``service_error_fields_by_code``) and rename the service's field names to its serializer's
    (``service_error_renamed``)."""
    if isinstance(exc, DjangoValidationError):
        view = context.get("view")
        by_code = getattr(view, "service_error_fields_by_code", {})
        field = by_code.get(getattr(exc, "code", None)) or getattr(
            view, "service_error_field", api_settings.NON_FIELD_ERRORS_KEY
        )
        exc = as_drf_error(exc, field=field, renamed=getattr(view, "service_error_renamed", None))
    return drf_exception_handler(exc, context)


class HasRequiredPermission(permissions.BasePermission):
    """Staff endpoints: the view names the permission (``required_permission``) its readers need;
    ``write_permission``, when set, is also needed for anything but reading."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.has_perm(view.required_permission)):
            return False
        write_permission = getattr(view, "write_permission", None)
        return request.method in permissions.SAFE_METHODS or not write_permission or user.has_perm(write_permission)


class NumericIdRoutes:
    """A router mixin: a detail or action route matches a numeric id only, so ``/api/mous/abc/sign/``
    or an id beyond bigint is a 404 from the resolver, before any view, for every viewset at once (a
    viewset may still name its own ``lookup_value_regex``)."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        value = getattr(viewset, "lookup_value_regex", ID_PATTERN)
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{value})"


class ApiRouter(NumericIdRoutes, SimpleRouter):
    """The routers of every app's API."""


class ApiRootRouter(NumericIdRoutes, DefaultRouter):
    """The one router that also serves the API root view."""


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, told the truth about fields some callers do not get.

    A serializer that leaves fields out for some callers (staff-only fields, for everyone else) names
    them in ``staff_only_fields``; they stay documented but not required, so the schema matches what
    a firm or an anonymous visitor receives (checked by tests/portal/test_api_fuzz.py). A read-only
    choice of a model field that may be blank says that ``""`` is a value: DRF drops ``allow_blank``
    from read-only fields, so the schema would otherwise promise one of the choices.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.ChoiceField) and field.read_only and _model_field_may_be_blank(field):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _map_basic_serializer(self, serializer, direction):
        result = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "staff_only_fields", ()))
        if optional and "required" in result:
            result["required"] = [name for name in result["required"] if name not in optional]
            if not result["required"]:
                del result["required"]
        return result


def _model_field_may_be_blank(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class TranslatedModelSerializer(serializers.ModelSerializer):
    """Translated content (portal.i18n) in both languages, whatever the request's language.

    ``name`` is the Korean text and ``name_en`` the English one, in and out: every translated field
    listed in ``Meta.fields`` reads and writes its Korean column and brings its English twin along,
    so a client never gets the page language's text under the Korean name."""

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        translated = translated_field_names(self.Meta.model)
        with_english = []
        for name in names:
            with_english.append(name)
            english = f"{name}_en"
            if name in translated and english not in names and name not in declared_fields:
                with_english.append(english)
        return with_english

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name in translated_field_names(model_class):
            kwargs["source"] = f"{field_name}_{DEFAULT_LANGUAGE}"
        elif field_name.removesuffix("_en") in translated_field_names(model_class) and field_name.endswith("_en"):
            # Optional in every write; an English text not given reads as "" (never null).
            kwargs = {**kwargs, "required": False, "allow_blank": True, "allow_null": False, "default": ""}
        return field_class, kwargs

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        for name in translated_field_names(self.Meta.model):
            # No English text is NULL, never "": unique names (sites, partners) allow many NULLs.
            if values.get(f"{name}_en") == "":
                values[f"{name}_en"] = None
        return values

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in translated_field_names(self.Meta.model):
            if data.get(f"{name}_en", "") is None:
                data[f"{name}_en"] = ""
        return data
