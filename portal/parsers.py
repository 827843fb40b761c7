"""The API's JSON parser, bounded (its own module: DRF's settings import it while ``rest_framework.views``
is still loading, so it must not import that)."""

from io import BytesIO

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

JSON_MAX_DEPTH = 32
JSON_MAX_BYTES = 1024 * 1024


def json_depth(text: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it (brackets inside
    strings do not count), so a hostile ``[[[[…`` never reaches the recursive parser."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    """JSON bodies of at most ``JSON_MAX_BYTES`` nesting at most ``JSON_MAX_DEPTH`` levels; anything
    else is a 400 instead of a recursion error (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(JSON_MAX_BYTES + 1) if stream is not None else b""
        if len(body) > JSON_MAX_BYTES:
            raise ParseError(_("The request body is too large."))
        if body.count(b"[") + body.count(b"{") > JSON_MAX_DEPTH and json_depth(body) > JSON_MAX_DEPTH:
            raise ParseError(_("The JSON body nests too deeply."))
        return super().parse(BytesIO(body), media_type, parser_context)
