"""API conventions: errors are `{"detail": …}` (or field errors for 400), with the right status."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .permissions import require


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc, context):
    from .exceptions import Conflict

    # Services raise Django's exceptions with a user-facing reason; keep that reason.
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Conflict):
        exc = ConflictError(detail=exc.message)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 400:
        from .messages import plain_tree

        response.data = plain_tree(response.data)  # a library's English becomes our sentence
    return response


class IdLookupMixin:
    """For viewsets: a lookup that is no id the database can hold (`1,2`, `null`, 30 digits) is a 404,
    never a query (ValueError, OverflowError)."""

    def get_object(self):
        from .params import is_id

        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if value is not None and not is_id(value):
            raise exceptions.NotFound()
        return super().get_object()


# For viewsets: a write as every API write runs it, once. The permission is answered before the body
# is read (an outsider learns nothing from a 400), the body goes through its input serializer, the one
# service does the work, and the answer is the row read again through `get_queryset` (the caller's
# scope and the output's related rows). Each action keeps its own `extend_schema`. No docstring: the
# schema would show it as the description of every operation of the viewsets that mix it in.
class ActionMixin:
    def act(self, service, input, *, on=None, allowed=None, output=None, status=200, **given):  # noqa: A002
        """Run `service` on the body read by the serializer `input`. `on`: the service's keyword for
        this viewset's object (`record`, `nomination`), None for a create; `allowed`: the permission, `allowed(user, obj)` (a create: `allowed(user)`); `given`: the
        service's arguments the body does not carry (`action="submit"`). The answer: `output(result)`
        where `output` is given (a new row of another model); else the viewset's own row re-read, the
        new one for a 201, the one acted on otherwise."""
        request = self.request
        obj = self.get_object() if on else None
        if allowed is not None:
            require(allowed(request.user, obj) if on else allowed(request.user))
        data = input(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        result = service(actor=request.user, **({on: obj} if on else {}), **data.validated_data, **given)
        if output is not None:
            return Response(output(result).data, status=status)
        row = result if status == 201 else obj
        answer = self.get_serializer_class()(self.get_queryset().get(pk=row.pk))
        return Response(answer.data, status=status)


def visible_row(model, user, pk):
    """The row of `model` with the body's id `pk` that the user may see (`visible_to`), else a 404;
    None for no id."""
    return get_object_or_404(model.objects.visible_to(user), pk=pk) if pk else None


class PortalAutoSchema(AutoSchema):
    """Every operation documents the errors it can answer: 400 (the body or a parameter), 401/403 (who
    the caller is), 404, 409 for writes (the object's state) and 429 (a locked-out sign-in), each as
    `{"detail": …}` or field errors. The published schema then describes what the API does."""

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        codes = ["400", "401", "403", "404", "429"]
        if self.method.upper() != "GET":
            codes.append("409")
        for code in codes:
            if code not in bodies:
                bodies[code] = self._get_response_for_code(OpenApiTypes.OBJECT, code, direction=direction)
        return bodies
