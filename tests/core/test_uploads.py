"""The one upload validator: a file is accepted when it opens as what its name says (a PDF that reads as
a PDF, an image that decodes, an xlsx/docx that is an OOXML package with the right main part), not
because of its first bytes; names in any encoding are kept (sanitised) or replaced, never empty."""

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from core.uploads import EVIDENCE_KINDS, XLSX_KINDS, safe_filename, validate_upload
from tests.factories.pools import blank_pdf

MAX = 10 * 1024 * 1024
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _image(fmt: str) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format=fmt)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _docx(main_type: str = WORD_MAIN, padding: int = 0) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>" + " " * padding)
    return buffer.getvalue()


def _refusal(name: str, content: bytes, kinds=EVIDENCE_KINDS, **options) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_upload(
            SimpleUploadedFile(name, content), kinds=kinds, max_bytes=options.pop("max_bytes", MAX)
        )
    return " ".join(refused.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("材料.pdf", blank_pdf()),
        ("照片.png", _image("PNG")),
        ("照片.JPG", _image("JPEG")),
        ("表格.xlsx", _xlsx()),
        ("说明.docx", _docx()),
    ],
)
def test_files_that_open_as_what_they_say_are_accepted(name, content):
    upload = SimpleUploadedFile(name, content)
    assert validate_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=MAX) in {
        "pdf",
        "png",
        "jpg",
        "xlsx",
        "docx",
    }
    assert upload.read() == content  # left at the start for the storage


def test_a_fake_pdf_with_the_right_first_bytes_is_refused():
    # given a file that starts like a PDF but has no PDF body
    fake = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    # then it is refused for what it is
    assert "无法作为 PDF 打开" in _refusal("营业执照.pdf", fake)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"this is only text, renamed"),
        ("照片.png", _image("PNG")[:-20]),  # a truncated image
        ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
        ("照片.jpg", _image("PNG")),  # a PNG named .jpg has the wrong first bytes
    ],
)
def test_a_renamed_or_broken_image_is_refused(name, content):
    message = _refusal(name, content)
    assert "无法作为图片打开" in message or "不符" in message


def test_an_xlsx_must_be_a_workbook_package():
    # a Word document renamed .xlsx is a zip with the wrong main part
    assert "无法读取该 Excel 文件" in _refusal("名录.xlsx", _docx(), kinds=XLSX_KINDS)
    # a macro-enabled document named .docx has a macro main part, not a document one
    assert "无法作为 DOCX 打开" in _refusal(
        "说明.docx", _docx("application/vnd.ms-word.document.macroEnabled.main+xml")
    )


def test_a_zip_bomb_named_docx_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    assert "文件解压后超过 1 MB" in _refusal("说明.docx", _docx(padding=4 * 1024 * 1024))


def test_type_and_size_are_checked_first():
    assert "只接受 PDF、JPG、PNG、XLSX、DOCX 文件。" in _refusal("setup.exe", b"MZ")
    assert "文件不能超过 0 MB" in _refusal("材料.pdf", blank_pdf(), max_bytes=10)
    assert "请上传 .xlsx 格式的 Excel 文件" in _refusal("名录.csv", b"a,b", kinds=XLSX_KINDS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("专利证书.pdf", "专利证书.pdf"),
        ("C:\\Users\\张三\\桌面\\营业执照.PDF", "营业执照.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("报告\u202efdp.exe.pdf", "报告fdp.exe.pdf"),  # the bidi override that disguised it is dropped
        ("\udce4\udcb8\udc8a.pdf", "文件.pdf"),  # undecodable bytes (surrogate escapes) are replaced
        ("？？？.pdf", "文件.pdf"),
        ("", "文件"),
        ('a<b>:"c"|?*.docx', "a_b___c____.docx"),
        ("æ\x8a¥å\x91\x8a.pdf", "æ¥å.pdf"),  # mis-decoded UTF-8 is kept, its C1 controls dropped
    ],
)
def test_file_names_in_any_encoding_are_kept_or_replaced_never_empty(name, expected):
    assert safe_filename(name) == expected


def test_a_long_file_name_keeps_its_extension():
    name = safe_filename("很" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith(".pdf")
