"""统一社会信用代码 (GB 32100-2015) validation: what officials type, and what they are told when it is wrong."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.uscc import ALPHABET, check_character, make_uscc, normalize, validate_uscc

PUBLISHED_EXAMPLE = "91350100M000100Y43"  # the example printed with GB 32100-2015


def _error(value) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    return info.value


def test_published_example_is_valid():
    # given the example code of the standard / when validated / then nothing is raised
    assert validate_uscc(PUBLISHED_EXAMPLE) is None
    assert check_character(PUBLISHED_EXAMPLE[:17]) == "3"


@pytest.mark.parametrize("serial", [1, 2, 500000, 900000001, 999999999])
def test_generated_codes_are_valid(serial):
    code = make_uscc("371311", serial)

    assert len(code) == 18
    assert code.startswith("91371311")
    assert validate_uscc(code) is None


def test_every_check_character_is_reachable_and_valid():
    # given codes that differ in one body character / then each one's check character makes it valid
    codes = {make_uscc("371311", serial) for serial in range(1, 200)}
    assert len({code[-1] for code in codes}) > 20
    for code in codes:
        validate_uscc(code)


@pytest.mark.parametrize(
    "typed",
    [
        "91350100m000100y43",  # lower case
        " 91350100M000100Y43 ",  # pasted with spaces around
        "9135 0100 M000 100Y 43",  # grouped with spaces
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width, from a Chinese IME
        "91350100M000100Y43\u3000",  # ideographic space
    ],
)
def test_typed_variants_are_normalised_and_accepted(typed):
    assert normalize(typed) == PUBLISHED_EXAMPLE
    assert validate_uscc(typed) is None


@pytest.mark.parametrize(
    ("value", "count"), [("91350100M000100Y4", 17), ("91350100M000100Y431", 19), ("", 0)]
)
def test_wrong_length_names_the_count(value, count):
    error = _error(value)

    assert error.code == "uscc_length"
    assert error.messages == [f"统一社会信用代码应为18位，当前为{count}位。"]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_forbidden_letters_name_the_position(letter):
    assert letter not in ALPHABET
    # given the published example with its 9th character (first of the organisation code) replaced
    value = PUBLISHED_EXAMPLE[:8] + letter + PUBLISHED_EXAMPLE[9:]

    error = _error(value)

    assert error.code == "uscc_character"
    assert error.messages == [f"统一社会信用代码第9位“{letter}”不是允许的字符（不使用 I、O、S、V、Z）。"]


def test_forbidden_lower_case_letter_is_reported_upper_case_at_its_position():
    error = _error("91350100M000100o43")

    assert error.messages == ["统一社会信用代码第16位“O”不是允许的字符（不使用 I、O、S、V、Z）。"]


def test_non_digit_region_is_refused():
    # given letters (allowed in general) where the administrative region code belongs
    value = "91AB0100M000100Y4"
    value += check_character(value)

    error = _error(value)

    assert error.code == "uscc_region"
    assert error.messages == ["统一社会信用代码第3—8位应为行政区划代码（数字）。"]


def test_wrong_check_digit_names_the_expected_character():
    error = _error("91350100M000100Y44")

    assert error.code == "uscc_check"
    assert error.messages == ["统一社会信用代码校验码错误：第18位应为“3”，实为“4”，请核对是否抄错。"]


def test_single_transcription_error_is_caught():
    # given a generated code with one body digit mistyped / then the check character catches it
    code = make_uscc("371311", 123456)
    mistyped = code[:10] + ("1" if code[10] != "1" else "2") + code[11:]

    error = _error(mistyped)

    assert error.code == "uscc_check"
    assert f"第18位应为“{check_character(mistyped[:17])}”，实为“{code[17]}”" in error.messages[0]


def test_messages_are_chinese_by_default():
    assert _error("123").messages == ["统一社会信用代码应为18位，当前为3位。"]
    with translation.override("zh-hans"):
        assert _error("123").messages == ["统一社会信用代码应为18位，当前为3位。"]
    with translation.override("en"):
        # whichever language the catalogue provides, the message still names the count
        message = _error("123").messages[0]
        assert "18" in message and "3" in message
