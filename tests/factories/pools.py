"""Nomination-cycle rows: windows, nominations in each state, criterion checks, evidence, imports.

Workflow tests go through pools.services; these factories build the surroundings (many rows for
query counts, a nomination already in a state, a stored evidence file) without the service rules.
"""

from datetime import timedelta
from io import BytesIO

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from pypdf import PdfWriter

from pools.models import (
    CriterionCheck,
    Evidence,
    Nomination,
    NominationImport,
    NominationState,
    NominationWindow,
)

from .accounts import TownUserFactory
from .enterprises import EnterpriseFactory, ProjectFactory
from .programs import PoolFactory, ProgrammeFactory, TownFactory


def blank_pdf() -> bytes:
    """A real one-page PDF: the evidence check opens a PDF, its first bytes alone do not pass."""
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = blank_pdf()


class NominationWindowFactory(DjangoModelFactory):
    """Open today by default (yesterday to a month from now)."""

    class Meta:
        model = NominationWindow

    programme = factory.SubFactory(ProgrammeFactory)
    year = factory.SelfAttribute("programme.start_year")
    pool = None
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    class Params:
        upcoming = factory.Trait(
            opens_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10)),
            closes_on=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40)),
        )


class NominationFactory(DjangoModelFactory):
    """A draft nomination of an enterprise of `town`; traits put it straight into a later state."""

    class Meta:
        model = Nomination

    pool = factory.SubFactory(PoolFactory)
    programme = factory.SelfAttribute("pool.programme")
    year = factory.SelfAttribute("pool.programme.start_year")
    town = factory.SubFactory(TownFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, town=factory.SelfAttribute("..town"))
    project = None
    state = NominationState.DRAFT
    path_plan = "街镇会同企业制定的技改扩能路径：新建智能化生产线，三年产值翻番。"

    class Params:
        for_project = factory.Trait(
            enterprise=None,
            project=factory.SubFactory(
                ProjectFactory,
                enterprise=factory.SubFactory(EnterpriseFactory, town=factory.SelfAttribute("...town")),
            ),
        )
        submitted = factory.Trait(
            state=NominationState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            state=NominationState.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        removed = factory.Trait(
            approved=True,
            removed_at=factory.LazyFunction(timezone.now),
            removed_reason="企业已停产",
        )


class CriterionCheckFactory(DjangoModelFactory):
    class Meta:
        model = CriterionCheck

    nomination = factory.SubFactory(NominationFactory)
    criterion = factory.LazyAttribute(lambda o: o.nomination.pool.criteria.filter(kind="qualitative").first())
    claimed = True


class EvidenceFactory(DjangoModelFactory):
    """A small real PDF stored in the private storage."""

    class Meta:
        model = Evidence

    nomination = factory.SubFactory(NominationFactory)
    criterion = None
    file = factory.django.FileField(data=PDF_BYTES, filename="营业执照.pdf")
    original_name = "营业执照.pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.SubFactory(TownUserFactory, town=factory.SelfAttribute("..nomination.town"))


class NominationImportFactory(DjangoModelFactory):
    class Meta:
        model = NominationImport

    actor = factory.SubFactory(TownUserFactory)
    town = factory.SelfAttribute("actor.town")
    pool = factory.SubFactory(PoolFactory)
    year = factory.SelfAttribute("pool.programme.start_year")
    file = factory.django.FileField(data=b"PK\x03\x04", filename="申报.xlsx")
