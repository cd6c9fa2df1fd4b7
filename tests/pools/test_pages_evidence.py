"""Evidence files on the pools pages: stored privately, downloaded only by those who see the
nomination, refused when a file is not what its name says, removed with its row."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from pools.models import CriterionCheck, Evidence
from tests.factories import PDF_BYTES

from .support import page_messages

pytestmark = pytest.mark.django_db


# --- evidence files ------------------------------------------------------------------------------


def _upload(client, nomination, name, content, criterion=""):
    return client.post(
        f"/pools/nominations/{nomination.pk}/evidence/",
        {"criterion": criterion, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_evidence_upload_is_private_and_downloads_for_those_who_see_the_nomination(
    world, client_for, users, other_town_user, other_enterprise_user, private_media, town_user
):
    own_ip = world.draft.pool.criteria.get(code="own_ip")
    # when the town uploads a real PDF for a qualitative criterion
    response = _upload(client_for(town_user), world.draft, "专利证书.pdf", PDF_BYTES, own_ip.pk)
    assert "材料已上传。" in page_messages(response)
    evidence = Evidence.objects.get(nomination=world.draft, criterion=own_ip)
    # then it is stored under PRIVATE_MEDIA_ROOT, not under MEDIA or STATIC, and the criterion is claimed
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert stored.read_bytes() == PDF_BYTES
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    static_dirs = [*settings.STATICFILES_DIRS, *([settings.STATIC_ROOT] if settings.STATIC_ROOT else [])]
    assert static_dirs and not any(stored.is_relative_to(Path(d).resolve()) for d in static_dirs)
    assert (evidence.original_name, evidence.size) == ("专利证书.pdf", len(PDF_BYTES))
    assert CriterionCheck.objects.get(nomination=world.draft, criterion=own_ip).claimed is True
    # and no static or media URL serves it
    assert client_for(town_user).get(f"/media/{evidence.file.name}").status_code == 404
    # it downloads for the nominating town and the office (no administrator: 三员分立)
    assert client_for(users["admin"]).get(f"/pools/evidence/{evidence.pk}/").status_code == 403
    for user in (town_user, users["office"]):
        response = client_for(user).get(f"/pools/evidence/{evidence.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"].startswith("attachment")
    # and is not found for another town, another enterprise, and (while a draft) its own enterprise
    # and the pool's lead department
    for user in (
        other_town_user,
        other_enterprise_user,
        users["enterprise"],
        users["department"],
    ):
        assert client_for(user).get(f"/pools/evidence/{evidence.pk}/").status_code == 404


def test_evidence_of_a_submitted_nomination_downloads_for_its_enterprise(
    world, client_for, users, other_enterprise_user
):
    evidence = world.submitted.evidence.get()
    assert client_for(users["enterprise"]).get(f"/pools/evidence/{evidence.pk}/").status_code == 200
    assert client_for(other_enterprise_user).get(f"/pools/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "只接受 PDF、JPG、PNG、XLSX、DOCX 文件。"),
        ("说明.pdf", b"this is only text, renamed", "文件内容与扩展名“.pdf”不符。"),
        ("照片.png", PDF_BYTES, "文件内容与扩展名“.png”不符。"),
    ],
)
def test_evidence_that_is_not_what_it_says_is_refused(
    world, client_for, town_user, private_media, name, content, message
):
    before = Evidence.objects.count()
    response = _upload(client_for(town_user), world.draft, name, content)
    assert message in page_messages(response)
    assert Evidence.objects.count() == before
    assert not any(
        p.name.endswith(Path(name).suffix)
        for p in Path(private_media).rglob("*")
        if p.is_file() and p.stat().st_size == len(content) and p.read_bytes() == content
    )


def test_evidence_delete_removes_the_file(world, client_for, town_user, django_capture_on_commit_callbacks):
    evidence = world.draft.evidence.get()
    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes when the delete commits
        response = client_for(town_user).post(f"/pools/evidence/{evidence.pk}/delete/")
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
