"""The one upload validator: every file a user sends (evidence, appeal material, Excel imports) is
checked here, by the services, so pages and the API apply the same rules.

A file is accepted when its extension is one of the kinds asked for, it is not too large, it starts
with that kind's signature (the one magic-bytes table), and it opens as that kind: a PDF that pypdf
reads, an image that Pillow verifies, an xlsx/docx that is an OOXML package with the right main part
and a sane zip directory. File names are kept (sanitised) or replaced, never empty.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .xlsx import WorkbookError, check_zip, safe_text


@dataclass(frozen=True)
class Kind:
    label: str
    suffixes: tuple[str, ...]
    magic: tuple[bytes, ...]
    main_part_type: str = ""  # OOXML: content type of the package's main part


KINDS = {
    "pdf": Kind("PDF", (".pdf",), (b"%PDF-",)),
    "png": Kind("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    "jpg": Kind("JPG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "xlsx": Kind(
        "XLSX",
        (".xlsx",),
        (b"PK\x03\x04",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "docx": Kind(
        "DOCX",
        (".docx",),
        (b"PK\x03\x04",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
}
EVIDENCE_KINDS = ("pdf", "jpg", "png", "xlsx", "docx")
PDF_OR_IMAGE_KINDS = ("pdf", "jpg", "png")
XLSX_KINDS = ("xlsx",)
_PIL_FORMATS = {"png": "PNG", "jpg": "JPEG"}
_NAME_UNSAFE = re.compile(r'[<>:"|?*\x00-\x1f\\/]')
MAX_NAME = 120


def safe_filename(name, *, fallback: str = "文件") -> str:
    """A file name safe to store and show: its last path part, NFC, without control or bidi characters
    or characters Windows refuses, at most MAX_NAME characters; the extension kept in lower case. A name
    with nothing left (or no letter or digit) becomes `fallback` plus the extension."""
    text = unicodedata.normalize("NFC", safe_text(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = _NAME_UNSAFE.sub("_", text).replace("\n", " ").replace("\t", " ").strip()
    stem, dot, suffix = text.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", suffix):
        stem, suffix = text, ""  # no extension, or "报告.最终版" which has none
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    if not re.search(r"\w", stem):
        stem = fallback
    extension = f".{suffix.lower()}" if suffix else ""
    return stem[: MAX_NAME - len(extension)] + extension


def _refuse(field: str, message: str):
    return ValidationError({field: message})


def _kinds_sentence(kinds) -> str:
    return "、".join(KINDS[k].label for k in kinds)


def kind_of(name: str, kinds) -> str | None:
    suffix = PurePosixPath(name.lower()).suffix
    return next((k for k in kinds if suffix in KINDS[k].suffixes), None)


def _check_pdf(upload) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return _("PDF 文件已加密，请上传未加密的文件。")
        if len(reader.pages) < 1:
            return _("PDF 文件没有页面，请重新导出后上传。")
    except FileNotDecryptedError:
        return _("PDF 文件已加密，请上传未加密的文件。")
    except Exception:  # pypdf raises many kinds for a broken file
        return _("该文件无法作为 PDF 打开，请重新导出后上传。")
    return None


def _check_image(upload, kind: str) -> str | None:
    from PIL import Image

    broken = _("该文件无法作为图片打开，请重新导出后上传。")
    try:
        with Image.open(upload) as image:
            if image.format != _PIL_FORMATS[kind]:
                return broken
            if image.width * image.height > settings.UPLOAD_MAX_IMAGE_PIXELS:
                return _("图片像素过多（超过 %(n)d 万像素），请缩小后上传。") % {
                    "n": settings.UPLOAD_MAX_IMAGE_PIXELS // 10000
                }
            image.verify()  # PNG: every chunk's checksum
        if kind == "jpg":
            upload.seek(0)
            with Image.open(upload) as image:
                image.draft("RGB", (64, 64))  # decode at 1/8 scale: cheap, and a broken body fails
                image.load()
    except Exception:  # Pillow raises many kinds (and DecompressionBombError) for a bad image
        return broken
    return None


def _check_ooxml(upload, kind: Kind) -> str | None:
    if kind.label == "XLSX":
        broken = _("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。")
    else:
        broken = _("该文件无法作为 %(kind)s 打开，请用 Office 或 WPS 另存后上传。") % {"kind": kind.label}
    if not zipfile.is_zipfile(upload):
        return broken
    try:
        check_zip(upload)
    except WorkbookError as exc:
        return str(exc)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return broken
            types = ElementTree.fromstring(archive.read(info))
            overrides = {
                element.get("PartName", "").lstrip("/"): element.get("ContentType", "")
                for element in types
                if element.tag.endswith("}Override")
            }
            main = [part for part, content_type in overrides.items() if content_type == kind.main_part_type]
            if not main or main[0] not in archive.namelist():
                return broken
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, EOFError):
        return broken
    finally:
        upload.seek(0)
    return None


def validate_upload(upload, *, kinds, max_bytes: int, field: str = "file", check_content: bool = True) -> str:
    """Refuse a file that is not one of `kinds` (keys of KINDS) or is larger than `max_bytes`; returns the
    kind. With check_content=False only the name and size are checked (for a file a worker reads later
    through the same limits, e.g. a bulk nomination workbook, whose job then reports the problem)."""
    workbook_only = tuple(kinds) == XLSX_KINDS  # Excel imports keep the sentences their pages always had
    kind = kind_of(upload.name or "", kinds)
    if kind is None:
        if workbook_only:
            raise _refuse(field, _("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"))
        raise _refuse(field, _("只接受 %(kinds)s 文件。") % {"kinds": _kinds_sentence(kinds)})
    if upload.size > max_bytes:
        if workbook_only:
            raise _refuse(field, _("文件过大，最大 %(mb)d MB。") % {"mb": max_bytes // (1024 * 1024)})
        raise _refuse(field, _("文件不能超过 %(mb)d MB。") % {"mb": max_bytes // (1024 * 1024)})
    if not check_content:
        return kind
    spec = KINDS[kind]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in spec.magic):
        if workbook_only:
            raise _refuse(field, _("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。"))
        suffix = PurePosixPath(upload.name.lower()).suffix
        raise _refuse(field, _("文件内容与扩展名“%(ext)s”不符。") % {"ext": suffix})
    if kind == "pdf":
        problem = _check_pdf(upload)
    elif kind in _PIL_FORMATS:
        problem = _check_image(upload, kind)
    else:
        problem = _check_ooxml(upload, spec)
    upload.seek(0)
    if problem:
        raise _refuse(field, problem)
    return kind
