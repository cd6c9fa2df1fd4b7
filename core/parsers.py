"""The API's request parsers: every string of a body is checked once, here, before any view reads it.

- no invisible control or direction characters (core.text; tab and line breaks are allowed, since the
  API cannot tell a one-line name from a multi-line description);
- JSON nested at most MAX_JSON_DEPTH levels (a 400 rather than a RecursionError deep in a serializer).
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from .text import CONTROL_CHARS_MESSAGE, has_control_chars

MAX_JSON_DEPTH = 32


def _depth_exceeded(text: str, limit: int) -> bool:
    """Bracket depth outside strings, counted before json.loads builds (or recurses into) anything."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _first_control_path(value, path=()):
    """The path (keys) of the first string holding a refused character, or None."""
    if isinstance(value, str):
        return path if has_control_chars(value, multiline=True) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and has_control_chars(key, multiline=True):
                return (*path, key)
            found = _first_control_path(item, (*path, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _first_control_path(item, (*path, str(index)))
            if found is not None:
                return found
    return None


def refuse_control_chars(data):
    """Raise a 400 naming the field (its top-level key) when any string holds a control character."""
    path = _first_control_path(data)
    if path is not None:
        field = path[0] if path else settings.REST_FRAMEWORK.get("NON_FIELD_ERRORS_KEY", "non_field_errors")
        raise ValidationError({field: [str(CONTROL_CHARS_MESSAGE)]})
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, AttributeError) as exc:
            raise ParseError(_("请求内容不是有效的 JSON。")) from exc
        if _depth_exceeded(text, MAX_JSON_DEPTH):
            raise ParseError(_("请求内容嵌套过深（最多 %(depth)d 层）。") % {"depth": MAX_JSON_DEPTH})
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("请求内容不是有效的 JSON。")) from exc
        return refuse_control_chars(data)


def _refuse_constant(name):
    # NaN, Infinity: not JSON, and not a figure.
    raise ValueError(name)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_control_chars(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        refuse_control_chars(dict(result.data.lists()))
        for name, upload in result.files.items():
            if has_control_chars(upload.name or ""):
                raise ValidationError({name: [str(CONTROL_CHARS_MESSAGE)]})
        return result
