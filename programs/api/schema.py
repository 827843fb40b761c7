"""Responses the programmes' API documents on several endpoints."""

from drf_spectacular.utils import OpenApiResponse

REFUSED = OpenApiResponse(description="Refused; the body names each field's errors (others under non_field_errors)")
