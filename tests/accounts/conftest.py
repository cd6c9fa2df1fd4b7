import pytest


@pytest.fixture
def require_2fa(settings):
    """DJANGO_REQUIRE_2FA on, as in production settings."""
    settings.REQUIRE_2FA = True
    return settings
