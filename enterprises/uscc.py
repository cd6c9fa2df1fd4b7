"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character (mod 31)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for positions 1..17


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(value: str) -> str:
    # Officials paste codes with spaces or in lower case; full-width letters come from Chinese IMEs.
    import unicodedata

    return unicodedata.normalize("NFKC", value or "").strip().replace(" ", "").upper()


def validate_uscc(value: str) -> None:
    code = normalize(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}, code="uscc_length"
        )
    for pos, ch in enumerate(code, start=1):
        if ch not in ALPHABET:
            raise ValidationError(
                _("统一社会信用代码第%(pos)d位“%(ch)s”不是允许的字符（不使用 I、O、S、V、Z）。")
                % {"pos": pos, "ch": ch},
                code="uscc_character",
            )
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第3—8位应为行政区划代码（数字）。"), code="uscc_region")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验码错误：第18位应为“%(expected)s”，实为“%(actual)s”，请核对是否抄错。")
            % {"expected": expected, "actual": code[17]},
            code="uscc_check",
        )


def make_uscc(region: str, serial: int) -> str:
    """A valid code for generated data: 91 (enterprise) + region + a 9-character org code + check."""
    body = f"91{region}{serial:09d}"[:17]
    return body + check_character(body)
