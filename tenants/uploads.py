"""Upload checks by content, never by the name or the browser's content type."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def validate_logo(file) -> None:
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the limit is %(limit)s."),
            code="logo_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.LOGO_MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The logo is not a readable image."), code="logo_unreadable") from error
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Upload the logo as PNG, JPEG or WebP."), code="logo_format")


def logo_extension(file) -> str:
    file.seek(0)
    with Image.open(file) as image:
        extension = LOGO_FORMATS.get(image.format, "bin")
    file.seek(0)
    return extension
