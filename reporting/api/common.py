"""What every reporting API operation may answer besides its success."""

from drf_spectacular.types import OpenApiTypes

ERRORS = {
    400: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
    409: OpenApiTypes.OBJECT,
}
