"""Audit messages as sentences: every event code written anywhere has a sentence, in Chinese and English;
rows left by the old free-text writers still read as sentences, and an unknown one as a neutral label."""

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from core import audit, audit_messages
from core.audit_messages import EVENTS, EXPORTS, LEGACY, UNKNOWN, encode, export_event, sentence
from core.models import AuditAction, AuditLog

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "node_modules", "staticfiles"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sources():
    for path in ROOT.rglob("*.py"):
        if SKIP.isdisjoint(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _written():
    """(event codes, export codes, free-text writers) as the code writes them."""
    events, exports, free = set(), set(), []
    for path, tree in _sources():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _name(call) == "export_event" and call.args:
                exports |= _strings(call.args[0])
            for kw in call.keywords:
                if kw.arg == "event" and _name(call) in {
                    "record",
                    "record_saved",
                    "model_create",
                    "model_update",
                    "Entry",
                    "_record_move",
                }:
                    events |= _strings(kw.value)
                if kw.arg == "message" and _name(call) in {"record", "Entry"}:
                    free.append(f"{path.relative_to(ROOT)}:{call.lineno}")
        for ret in (n for n in ast.walk(tree) if isinstance(n, ast.Return) and path.name == "middleware.py"):
            events |= {s for s in _strings(ret) if s.startswith("access.")}
    return events, exports, free


def _sample(template) -> dict:
    return {name: "x1" for _text, name, _spec, _conv in string.Formatter().parse(str(template)) if name}


def test_every_event_code_written_anywhere_has_a_sentence():
    events, exports, _free = _written()
    assert len(events) >= 50, "the scan found the writers"
    assert events <= EVENTS.keys(), f"codes without a sentence: {sorted(events - EVENTS.keys())}"
    assert {"access.denied", "access.download", "access.read", "workflow.move"} <= events
    assert exports and exports <= EXPORTS.keys(), sorted(exports - EXPORTS.keys())


def test_no_writer_passes_free_text():
    _events, _exports, free = _written()
    assert free == [], f"audit.record(message=…) writes free text; name an event instead: {free}"


@pytest.mark.parametrize("code", sorted(EVENTS))
def test_each_event_reads_as_a_sentence_in_chinese_and_english(code):
    params = _sample(EVENTS[code])
    message = encode(code, params)
    with translation.override("zh-hans"):
        zh = sentence(message)
    with translation.override("en"):
        en = sentence(message)
    assert zh != str(UNKNOWN) and "{" not in zh and CJK.search(zh), zh
    assert "{" not in en and not CJK.search(en) and en != zh, f"{code}: no English ({en})"


@pytest.mark.parametrize("code", sorted(EXPORTS))
def test_each_export_is_named_in_both_languages(code):
    message = encode(**export_event(code, rows=3))
    with translation.override("zh-hans"):
        assert sentence(message).startswith("导出") and "共 3 条" in sentence(message)
    with translation.override("en"):
        assert not CJK.search(sentence(message))


def test_the_sentences_in_the_policys_words():
    with translation.override("zh-hans"):
        params = {"year": 2026, "pool": "科技型", "opens": "2026-01-01", "closes": "2026-02-01"}
        assert (
            sentence(encode("window.close", params)) == "关闭申报窗口「2026年科技型，2026-01-01至2026-02-01」"
        )
        assert (
            sentence(encode("import.failed", {"rows": [3, 5, 9], "file": "a.xlsx"}))
            == "导入失败：第3、5、9行有误，未写入任何数据（a.xlsx）"
        )
    with translation.override("en"):
        assert sentence(encode("import.failed", {"rows": [3, 5, 9], "file": "a.xlsx"})) == (
            "Import failed: rows 3, 5, 9 have errors; nothing was saved (a.xlsx)"
        )


def test_choices_show_by_name_and_filters_are_kept():
    with translation.override("zh-hans"):
        assert sentence(encode("appeal.decided", {"decision": "withdrawn"})) == "处理信用异议：撤销记录"
        assert sentence(encode("rating.run", {"trigger": "schedule", "count": 12})) == (
            "信用评级（定期评级）：评定 12 家企业"
        )


def _export_sentence(what, query, language="zh-hans"):
    from django.http import QueryDict

    message = encode(**export_event(what, rows=2, query=QueryDict(query)))
    with translation.override(language):
        return sentence(message)


@pytest.mark.django_db
def test_an_exports_filters_read_in_words_in_chinese_and_english(town, django_assert_num_queries):
    from django.http import QueryDict

    with translation.override("en"):  # the writer's language does not matter: stored in Chinese
        message = encode(
            **export_event("enterprises", rows=190, query=QueryDict(f"town={town.pk}&year=2019&page=2&q="))
        )
    assert "罗庄街道" in message and "town=" not in message
    with django_assert_num_queries(0), translation.override("zh-hans"):  # names are stored, not looked up
        assert sentence(message) == "导出企业名单，共 190 条；筛选条件：街镇 罗庄街道；年度 2019"
    with translation.override("en"):
        assert (
            sentence(message)
            == "Exported the enterprise list, 190 rows; filters: Town/street 罗庄街道; Year 2019"
        )


@pytest.mark.django_db
def test_an_unknown_filter_key_stays_key_value():
    assert _export_sentence("enterprises", "foo=bar&year=2019") == (
        "导出企业名单，共 2 条；筛选条件：foo=bar；年度 2019"
    )
    assert _export_sentence("enterprises", "foo=bar", "en").endswith("filters: foo=bar")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "999999", "-1", "99999999999999999999", "3.5"])
def test_a_bad_id_does_not_crash_and_shows_as_typed(value):
    assert (
        _export_sentence("enterprises", f"town={value}") == f"导出企业名单，共 2 条；筛选条件：街镇 {value}"
    )


@pytest.mark.django_db
def test_a_state_reads_by_its_choice_where_the_export_knows_it():
    assert _export_sentence("nominations", "state=submitted").endswith("筛选条件：状态 已提交")
    assert _export_sentence("nominations", "state=submitted", "en").endswith("filters: Status Submitted")
    assert _export_sentence("nominations", "state=nonsense").endswith("筛选条件：状态 nonsense")
    assert _export_sentence("enterprises", "state=submitted").endswith("筛选条件：状态 submitted")


def test_rows_written_with_the_raw_query_string_read_as_before():
    message = encode("export.list_rows_filtered", {"what": "enterprises", "rows": 190, "filters": "town=3"})
    with translation.override("zh-hans"):
        assert sentence(message) == "导出企业名单，共 190 条；筛选条件：town=3"


@pytest.mark.django_db
def test_the_enterprise_export_writes_its_filters_in_words(client_for, office_user, town):
    client_for(office_user).get(reverse("enterprises:export"), {"town": town.pk, "q": "罗庄"})
    row = AuditLog.objects.filter(action=AuditAction.EXPORT).latest("id")
    with translation.override("zh-hans"):
        assert row.sentence.endswith("筛选条件：街镇 罗庄街道；名称或信用代码 罗庄")


@pytest.mark.parametrize("legacy", sorted(LEGACY))
def test_rows_left_by_the_old_writers_still_read_as_sentences(legacy):
    with translation.override("zh-hans"):
        text = sentence(legacy)
    assert text != str(UNKNOWN) and CJK.search(text) and legacy not in text


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("failed: 3 rows with errors, 月报.xlsx", "导入失败：3 行有误，未写入任何数据（月报.xlsx）"),
        ("403 GET /pools/windows/", "拒绝访问：GET /pools/windows/（403）"),
        ("late reminder 12: 2 accounts", "催报：提醒逾期企业的 2 个账号"),
        ("withdraw: 录入错误", "撤销信用记录：录入错误"),
        ("seed_demo scale=1: {'towns': 8}", "生成演示数据（规模 1）"),
        ("luofa-2016-23.yaml", "载入政策文件「luofa-2016-23.yaml」"),
        ("luofa-2016-23-funds.yaml", "载入基金文件「luofa-2016-23-funds.yaml」"),
        ("enterprises: 190 rows town=3", "导出企业名单，共 190 条"),
        ("cockpit 2019-3", "导出2019年3月驾驶舱数据"),
    ],
)
def test_legacy_shapes(stored, expected):
    with translation.override("zh-hans"):
        assert sentence(stored) == expected


def test_an_unknown_message_shows_a_neutral_label_not_raw_english():
    with translation.override("zh-hans"):
        assert sentence("some internal note 42") == str(UNKNOWN)
        assert "some internal" not in sentence("some internal note 42")
    with translation.override("en"):
        assert not CJK.search(sentence("some internal note 42"))
    assert sentence("") == ""


def test_an_unknown_code_is_refused_at_write_and_long_params_fit():
    with pytest.raises(ValueError):
        encode("no.such.event")
    message = encode("import.failed", {"rows": list(range(1, 400)), "file": "x" * 600})
    assert len(message) <= audit_messages.MAX_CHARS
    assert sentence(message).startswith("导入失败")


@pytest.mark.django_db
def test_closing_a_window_reads_as_a_sentence_on_the_audit_page_and_in_the_export(
    client_for, office_user, audit_admin_user, programme
):
    from pools.models import NominationWindow
    from pools.services import window_close

    window = NominationWindow.objects.create(
        programme=programme,
        year=programme.start_year,
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1),
    )
    window_close(actor=office_user, window=window)
    row = AuditLog.objects.filter(object_id=str(window.pk)).latest("id")
    assert row.message.startswith('{"event":"window.close"')
    client = client_for(audit_admin_user)
    page = client.get(reverse("audit_log")).content.decode()
    assert f"关闭申报窗口「{programme.start_year}年全部培育库，2026-01-01至2026-02-01」" in page
    assert '{"event"' not in page
    csv = b"".join(client.get(reverse("audit_log_export")).streaming_content).decode("utf-8-sig")
    assert f"关闭申报窗口「{programme.start_year}年全部培育库，2026-01-01至2026-02-01」" in csv
    client.cookies["django_language"] = "en"
    page = client.get(reverse("audit_log")).content.decode()
    assert "Closed the application window" in page


@pytest.mark.django_db
def test_a_workflow_move_names_the_move(office_user):
    import pools.workflow  # noqa: F401 — declares the nominations' workflow
    from core.workflow import _DECLARED

    model, workflow = next(iter(_DECLARED.items()))
    transition = workflow.transitions[0]
    row = audit.record(
        actor=office_user,
        action=AuditAction.TRANSITION,
        event="workflow.move_comment",
        params={"action": transition.action, "comment": "材料不全"},
    )
    with translation.override("zh-hans"):
        assert audit_messages.sentence(row.message, model) == f"{transition.label}；意见：材料不全"
        # and the old free-text form of the same move
        assert audit_messages.sentence(f"{transition.action}: 材料不全", model) == (
            f"{transition.label}；意见：材料不全"
        )
