"""The figure import's file rules live in the service, so the API (/api/v1/figure-imports/) refuses the
same files as the page: wrong type, too large, not a workbook, a zip bomb."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import Figure, FigureImport
from tests.reporting.support import xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/figure-imports/"


def _post(client, upload):
    return client.post(API, {"file": upload})


def test_the_api_refuses_a_file_that_is_not_xlsx(statistics_user, client_for):
    response = _post(client_for(statistics_user), SimpleUploadedFile("统计月报.csv", b"a,b\n1,2\n"))
    assert response.status_code == 400
    assert "请上传 .xlsx 格式的 Excel 文件" in response.json()["file"][0]
    assert not FigureImport.objects.exists()


def test_the_api_refuses_an_oversize_file(settings, statistics_user, enterprise, client_for):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = xlsx([[enterprise.uscc, "", 2018, "", "100", "", "", "", ""]])
    big = SimpleUploadedFile(big.name, big.read() + b"\0" * (1024 * 1024))  # over the limit
    response = _post(client_for(statistics_user), big)
    assert response.status_code == 400
    assert response.json()["file"] == ["文件过大，最大 1 MB。"]
    assert not Figure.objects.exists()


def test_the_api_and_the_page_refuse_a_renamed_file_and_a_bomb_alike(settings, statistics_user, client_for):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", " " * (4 * 1024 * 1024))
    bomb = buffer.getvalue()
    client = client_for(statistics_user)
    for name, content, message in [
        ("统计月报.xlsx", b"this is not a workbook", "无法读取该 Excel 文件"),
        ("统计月报.xlsx", bomb, "文件解压后超过 1 MB"),
    ]:
        api = _post(client, SimpleUploadedFile(name, content))
        assert api.status_code == 400 and message in api.json()["file"][0]
        page = client.post("/reporting/imports/", {"file": SimpleUploadedFile(name, content)})
        assert page.status_code == 200 and message in page.content.decode()
    assert not FigureImport.objects.exists()
