"""What every app's API shares, once: the error answers it documents and the read-only viewset of the
rows a caller may see.

- `ERRORS` (400, 403, 404, 409) and `READ_ERRORS` (no 409: nothing moves): the bodies are
  `{"detail": …}` or field errors (core.api.exception_handler); drf-spectacular documents none by
  default, and schemathesis reports an undocumented status.
- `ScopedReadViewSet`: list and retrieve, an id that is no id a 404 (core.api.IdLookupMixin); the
  subclass's `get_queryset` starts from the model's `visible_to(user)`, the one place of scoping.
- `read_schema(list=…, one=…, output=…)`: the schema of those two operations, with their summaries.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from .api import IdLookupMixin

READ_ERRORS = {400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT}
ERRORS = {**READ_ERRORS, 409: OpenApiTypes.OBJECT}


class ScopedReadViewSet(
    IdLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    # No docstring of its own: the schema's description of each operation stays the one it had.
    pass


def read_schema(*, list: str, one: str, output, errors=None):  # noqa: A002 (the operation's name)
    """The list and retrieve operations' schema: their summaries, and one row's answers."""
    return extend_schema_view(
        list=extend_schema(summary=list),
        retrieve=extend_schema(summary=one, responses={200: output, **(errors or READ_ERRORS)}),
    )
