"""How the published API schema describes the portal's token scheme (drf-spectacular reads this when
accounts is ready): `Authorization: Token <token>` from `POST /api/v1/auth/token/`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PortalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.PortalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: `Token <token>`; the token expires and can be revoked.",
        }
