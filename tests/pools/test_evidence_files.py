"""Evidence files: the stored file is deleted only once the delete commits (a rollback keeps both row
and file); a name in any encoding is kept (sanitised) or replaced, and the file is stored either way."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from pools import services
from pools.models import Evidence
from tests.factories import PDF_BYTES

from .support import nominate

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(backbone, open_window, town_user, enterprise):
    nomination = nominate(town_user, backbone, enterprise)
    return services.evidence_add(
        actor=town_user,
        nomination=nomination,
        criterion=None,
        upload=SimpleUploadedFile("证书.pdf", PDF_BYTES),
    )


def test_the_file_is_deleted_only_after_the_delete_commits(
    evidence, town_user, django_capture_on_commit_callbacks
):
    path, pk = Path(evidence.file.path), evidence.pk
    # when the town deletes the evidence, before the transaction commits
    with django_capture_on_commit_callbacks() as callbacks:
        services.evidence_remove(actor=town_user, evidence=evidence)
        # then the row is gone but the file is still there
        assert not Evidence.objects.filter(pk=pk).exists()
        assert path.exists()
    # and once the commit's callbacks run, the file is gone too
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_a_delete_that_rolls_back_keeps_the_file(evidence, town_user):
    path, pk = Path(evidence.file.path), evidence.pk

    class Abort(Exception):
        pass

    # when the delete runs inside a transaction that then fails
    with pytest.raises(Abort), transaction.atomic():
        services.evidence_remove(actor=town_user, evidence=evidence)
        raise Abort
    # then the row and its file are both still there
    assert Evidence.objects.filter(pk=pk).exists()
    assert path.exists() and path.read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("\udce4\udcb8\udc8a.pdf", "文件.pdf"),
        ("..\\..\\营业\u202e执照.PDF", "营业执照.pdf"),
        ("？.pdf", "文件.pdf"),
    ],
)
def test_a_file_name_in_any_encoding_is_kept_or_replaced(
    backbone, open_window, town_user, enterprise, name, kept
):
    nomination = nominate(town_user, backbone, enterprise)
    evidence = services.evidence_add(
        actor=town_user, nomination=nomination, criterion=None, upload=SimpleUploadedFile(name, PDF_BYTES)
    )
    evidence.refresh_from_db()
    assert evidence.original_name == kept
    assert Path(evidence.file.path).read_bytes() == PDF_BYTES


def test_a_fake_pdf_is_refused_as_evidence(backbone, open_window, town_user, enterprise):
    from django.core.exceptions import ValidationError

    nomination = nominate(town_user, backbone, enterprise)
    fake = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(
            actor=town_user,
            nomination=nomination,
            criterion=None,
            upload=SimpleUploadedFile("证书.pdf", fake),
        )
    assert "无法作为 PDF 打开" in str(refused.value.message_dict["file"])
    assert not Evidence.objects.exists()
