"""QR codes for printed documents (completion certificates, certificates of residence)."""

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_code_svg(url: str) -> str:
    """The QR code as inline SVG markup (vector, so it stays sharp in print and needs no image library)."""
    image = qrcode.make(url, image_factory=SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")
