"""Fixtures of the credit system: the kinds and the default model (reloaded after a flush), one user
of each source department that the tests use, 区金融办 (the owner), and evidence stored in a
temporary private root."""

from datetime import date

import pytest
from django.utils.functional import empty

from core.storage import private_storage
from credit.loader import ensure_defaults, read_default_scoring, validate_rules
from tests.factories import SourceUserFactory


@pytest.fixture(autouse=True)
def credit_defaults(db):
    ensure_defaults()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def rules():
    """The documented default model, read from credit/data/default-scoring.yaml."""
    return validate_rules(read_default_scoring())


@pytest.fixture
def as_of():
    return date(2024, 6, 30)


@pytest.fixture
def court_user(db):
    return SourceUserFactory(username="court", source="court")


@pytest.fixture
def tax_user(db):
    return SourceUserFactory(username="state_tax", source="state_tax")


@pytest.fixture
def local_tax_user(db):
    return SourceUserFactory(username="local_tax", source="local_tax")


@pytest.fixture
def commerce_user(db):
    return SourceUserFactory(username="industry_commerce", source="industry_commerce")


@pytest.fixture
def owner_user(db):
    """区金融办: reads every record, owns the model and the blacklist (and is a source of bank records)."""
    return SourceUserFactory(username="financial_office", source="financial_office")
