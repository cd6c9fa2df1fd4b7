"""Bulk nominations from a town's xlsx: the pool's template, filled in with openpyxl, uploaded and
validated in a (here eager) Celery task; all drafts or none, every bad row listed by its Excel row."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from enterprises.uscc import make_uscc
from pools.models import CriterionCheck, Nomination, NominationEvent, NominationImport
from tests.factories import EnterpriseFactory

from .support import YEAR, nominate

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
USCC, NAME, OUTPUT, REVENUE, TAX = (
    "统一社会信用代码",
    "企业名称（核对用）",
    "产值（万元）",
    "主营业务收入年增幅（%）",
    "纳税额年增幅（%）",
)
PLAN, EXPLAIN = "路径解决方案", "不符合定量标准的说明"
CLAIMS = [
    "市场占有率较高（是/否）",
    "拥有自主知识产权（是/否）",
    "信息化、智能化程度高（是/否）",
    "主要指标在全市同行业领先（是/否）",
]


def _template(client, code="backbone") -> bytes:
    response = client.get(f"/pools/bulk/template/{code}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def _fill(template: bytes, rows: list[dict | None]) -> bytes:
    """The downloaded template with rows written from row 2 on (None: leave the row blank)."""
    wb = load_workbook(BytesIO(template))
    sheet = wb["申报"]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            if row is not None and header in row:
                sheet.cell(row=number, column=column, value=row[header])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(enterprise=None, uscc=None, **values) -> dict:
    row = {
        USCC: uscc or enterprise.uscc,
        NAME: enterprise.name if enterprise else "临沂未知有限公司",
        OUTPUT: 520000,
        REVENUE: 18,
        TAX: 16.5,
        CLAIMS[0]: "是",
        CLAIMS[1]: "否",
        CLAIMS[2]: "是",
        CLAIMS[3]: "",
        PLAN: "新建智能化生产线",
        EXPLAIN: "",
    }
    return {**row, **values}


def _upload(client, pool, content: bytes, capture, name="骨干型申报.xlsx"):
    """POST the file; the on_commit enqueue runs (Celery is eager in tests), then the status page is read."""
    with capture(execute=True) as callbacks:
        response = client.post(
            "/pools/bulk/",
            {"pool": pool.pk, "year": YEAR, "file": SimpleUploadedFile(name, content, content_type=XLSX)},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(callbacks) == 1
    job = NominationImport.objects.get()
    assert response["Location"] == f"/pools/bulk/{job.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return job, page.content.decode()


@pytest.fixture
def town_enterprises(town):
    return [EnterpriseFactory(town=town, name=f"临沂批量{i}陶瓷有限公司") for i in range(6)]


def test_template_has_the_pools_columns(backbone, town_user, client_for):
    sheet = load_workbook(BytesIO(_template(client_for(town_user)))).active
    assert [c.value for c in sheet[1]] == [USCC, NAME, OUTPUT, REVENUE, TAX, *CLAIMS, PLAN, EXPLAIN]


def test_a_project_pools_template_asks_for_the_project(programme, town_user, client_for):
    sheet = load_workbook(BytesIO(_template(client_for(town_user), "chain_fill"))).active
    assert [c.value for c in sheet[1]][:3] == ["项目名称", "建设单位统一社会信用代码", "项目总投资（万元）"]


def test_a_good_file_creates_every_draft(
    backbone, open_window, town_user, client_for, town_enterprises, django_capture_on_commit_callbacks
):
    client = client_for(town_user)
    a, b, c = town_enterprises[:3]
    rows = [
        _row(a),
        _row(b, **{OUTPUT: "480,000", EXPLAIN: "受原料涨价影响"}),
        _row(c, uscc=f" {c.uscc.lower()} ", **{CLAIMS[1]: "是"}),
    ]
    # when the filled template is uploaded
    job, page = _upload(client, backbone, _fill(_template(client), rows), django_capture_on_commit_callbacks)
    # then the job succeeded and every row is a draft of this town, with its figures, claims and plan
    job.refresh_from_db()
    assert (job.status, job.created_count, job.total_rows, job.processed_rows, job.errors) == (
        NominationImport.Status.SUCCEEDED,
        3,
        3,
        3,
        [],
    )
    assert "已生成 3 份申报草稿" in page
    drafts = {n.enterprise_id: n for n in Nomination.objects.filter(pool=backbone, year=YEAR)}
    assert set(drafts) == {a.pk, b.pk, c.pk}
    assert all(
        n.state == "draft" and n.town_id == town_user.town_id and n.created_by == town_user
        for n in drafts.values()
    )
    assert drafts[a.pk].metrics == {
        "output_value": "520000",
        "main_revenue_growth": "18",
        "tax_growth": "16.5",
    }
    assert drafts[a.pk].path_plan == "新建智能化生产线"
    assert (drafts[b.pk].metrics["output_value"], drafts[b.pk].fails_quantitative) == ("480000", True)
    assert drafts[b.pk].explanation == "受原料涨价影响"
    claimed = set(
        CriterionCheck.objects.filter(nomination=drafts[c.pk], claimed=True).values_list(
            "criterion__code", flat=True
        )
    )
    assert claimed == {"market_share", "own_ip", "informatization"}
    assert NominationEvent.objects.filter(action=NominationEvent.Action.CREATE).count() == 3


def test_a_file_with_bad_rows_creates_nothing_and_lists_every_bad_row(
    backbone,
    open_window,
    town_user,
    client_for,
    town_enterprises,
    other_enterprise,
    django_capture_on_commit_callbacks,
):
    client = client_for(town_user)
    a, b, c, d, e, f = town_enterprises
    taken = nominate(town_user, backbone, c)  # already nominated to 2018 backbone
    rows = [
        _row(a),  # 2 good
        _row(uscc=make_uscc("371311", 987654)),  # 3 unknown USCC
        _row(other_enterprise),  # 4 another town's enterprise
        _row(b, **{OUTPUT: "五十万"}),  # 5 non-numeric figure
        None,  # 6 blank: skipped, but counted in the numbering
        _row(d, **{CLAIMS[2]: "也许"}),  # 7 neither 是 nor 否
        _row(a),  # 8 duplicate of row 2
        _row(c),  # 9 already nominated
        _row(e, **{TAX: -3, OUTPUT: -1}),  # 10 a negative output (growth may be negative)
        _row(f),  # 11 good
    ]
    # when uploaded
    job, page = _upload(client, backbone, _fill(_template(client), rows), django_capture_on_commit_callbacks)
    # then nothing was created
    job.refresh_from_db()
    assert job.status == NominationImport.Status.FAILED
    assert job.created_count == 0
    assert list(Nomination.objects.values_list("pk", flat=True)) == [taken.pk]
    # and every bad row is listed with its Excel row number and its reason
    errors = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(errors) == {3, 4, 5, 7, 8, 9, 10}, errors
    assert "不是本街镇登记的企业" in errors[3] and make_uscc("371311", 987654) in errors[3]
    assert "不是本街镇登记的企业" in errors[4] and other_enterprise.uscc in errors[4]
    assert OUTPUT in errors[5] and "五十万" in errors[5]
    assert CLAIMS[2] in errors[7] and "是" in errors[7]
    assert "重复" in errors[8]
    assert "已申报过" in errors[9]
    assert OUTPUT in errors[10] and "负数" in errors[10] and TAX not in errors[10]
    assert "校验未通过，未生成任何草稿" in page
    for number in errors:
        assert f"第 {number} 行" in page
    assert "第 2 行" not in page and "第 6 行" not in page and "第 11 行" not in page
    assert len(job.errors) == 7


def test_without_an_open_window_every_row_says_so_and_nothing_is_created(
    backbone, town_user, client_for, town_enterprises, django_capture_on_commit_callbacks
):
    # given no window open or announced for the pool and year
    client = client_for(town_user)
    a, b = town_enterprises[:2]
    # when a filled template is uploaded
    job, page = _upload(
        client, backbone, _fill(_template(client), [_row(a), _row(b)]), django_capture_on_commit_callbacks
    )
    # then nothing is created and each row carries the same sentence as the start page and the API
    job.refresh_from_db()
    assert (job.status, job.created_count) == (NominationImport.Status.FAILED, 0)
    assert not Nomination.objects.exists()
    sentence = (
        f"{YEAR}年“骨干型”没有开放或即将开放的申报窗口，暂不能新建申报。请留意领导小组办公室的申报通知。"
    )
    assert {e["row"]: e["messages"] for e in job.errors} == {2: [sentence], 3: [sentence]}
    assert sentence in page


def test_an_unreadable_or_foreign_file(backbone, town_user, client_for, django_capture_on_commit_callbacks):
    client = client_for(town_user)
    # a file that is not xlsx at all is refused by the form
    response = client.post(
        "/pools/bulk/",
        {"pool": backbone.pk, "year": YEAR, "file": SimpleUploadedFile("申报.csv", b"a,b\n1,2\n")},
    )
    assert response.status_code == 200
    assert "请上传 .xlsx 格式的 Excel 文件" in response.content.decode()
    assert not NominationImport.objects.exists()
    # a broken .xlsx fails as a whole with a message
    job, page = _upload(client, backbone, b"not a workbook", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == NominationImport.Status.FAILED
    assert "无法读取该 Excel 文件" in page


def test_another_pools_template_is_refused(
    backbone, town_user, client_for, town_enterprises, django_capture_on_commit_callbacks
):
    client = client_for(town_user)
    content = _fill(
        _template(client, "chain_fill"),
        [{"项目名称": "某项目", "建设单位统一社会信用代码": town_enterprises[0].uscc}],
    )
    job, page = _upload(client, backbone, content, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == NominationImport.Status.FAILED
    assert job.errors[0]["row"] == 1 and USCC in job.errors[0]["messages"][0]
    assert not Nomination.objects.exists()


def test_status_page_is_the_uploaders_own(
    backbone, town_user, other_town_user, client_for, town_enterprises, django_capture_on_commit_callbacks
):
    client = client_for(town_user)
    job, _page = _upload(
        client,
        backbone,
        _fill(_template(client), [_row(town_enterprises[0])]),
        django_capture_on_commit_callbacks,
    )
    assert client_for(other_town_user).get(f"/pools/bulk/{job.pk}/").status_code == 404


def test_a_file_from_another_pools_template_is_refused(
    client, programme, town_user, enterprise, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import Workbook

    from pools.models import Nomination, NominationImport
    from pools.xlsx import template_columns
    from programs.models import Pool

    # given a file with the growth pool's columns
    growth = Pool.objects.get(programme=programme, code="growth")
    wb = Workbook()
    wb.active.append([header for _key, header in template_columns(growth)])
    wb.active.append([enterprise.uscc, enterprise.name])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "growth.xlsx"
    client.force_login(town_user)
    # when it is uploaded as a backbone (骨干型) nomination file
    backbone = Pool.objects.get(programme=programme, code="backbone")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/pools/bulk/", {"pool": backbone.pk, "year": 2018, "file": buffer})
    # then nothing is created and the job names the missing columns
    job = NominationImport.objects.get()
    assert job.status == NominationImport.Status.FAILED
    assert "缺少列" in job.errors[0]["messages"][0]
    assert not Nomination.objects.exists()


# --- limits, capped errors, stale jobs, eager mode ------------------------------------------------


def test_a_file_over_the_row_limit_creates_nothing(
    settings, backbone, town_user, client_for, town_enterprises, django_capture_on_commit_callbacks
):
    # given a limit of 3 rows and a file of 5
    settings.NOMINATION_IMPORT_MAX_ROWS = 3
    client = client_for(town_user)
    content = _fill(_template(client), [_row(e) for e in town_enterprises[:5]])
    # when uploaded, then the job fails naming the limit, and nothing is created
    job, page = _upload(client, backbone, content, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == NominationImport.Status.FAILED
    assert "一次最多导入 3 行" in page
    assert not Nomination.objects.exists()


def test_only_the_first_rows_of_errors_are_stored_and_shown_with_a_count_of_the_rest(
    settings, backbone, town_user, client_for, django_capture_on_commit_callbacks
):
    # given a file of 6 rows, every one with an unknown USCC, and room for 2 rows of errors
    settings.IMPORT_MAX_ERRORS = 2
    client = client_for(town_user)
    rows = [_row(uscc=make_uscc("371311", 900000 + i)) for i in range(6)]
    job, page = _upload(client, backbone, _fill(_template(client), rows), django_capture_on_commit_callbacks)
    # then 2 rows are stored and listed, followed by one line that counts the other 4
    job.refresh_from_db()
    assert [e["row"] for e in job.errors] == [2, 3, 0]
    assert "另有 4 行有误" in job.errors[-1]["messages"][0]
    assert "第 2 行" in page and "第 3 行" in page and "第 4 行" not in page and "另有 4 行有误" in page


def test_a_job_whose_worker_died_is_failed_with_a_reason(settings, backbone, town_user, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from pools import services
    from tests.factories.pools import NominationImportFactory

    settings.NOMINATION_IMPORT_STALE_MINUTES = 15
    running = NominationImportFactory(actor=town_user, pool=backbone, status=NominationImport.Status.RUNNING)
    waiting = NominationImportFactory(actor=town_user, pool=backbone)
    fresh = NominationImportFactory(actor=town_user, pool=backbone, status=NominationImport.Status.RUNNING)
    an_hour_ago = timezone.now() - timedelta(minutes=60)
    NominationImport.objects.filter(pk__in=[running.pk, waiting.pk]).update(updated_at=an_hour_ago)
    # when its status page is read, then the dead job is failed and says why
    page = client_for(town_user).get(f"/pools/bulk/{running.pk}/").content.decode()
    running.refresh_from_db()
    assert running.status == NominationImport.Status.FAILED
    assert "校验在 15 分钟内没有进展，已中止" in page and "hx-trigger" not in page
    # and the periodic sweep fails the job no worker ever picked up, and leaves the fresh one alone
    assert services.nomination_imports_fail_stale() == 1
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert (
        waiting.status == NominationImport.Status.FAILED and "未开始校验" in waiting.errors[0]["messages"][0]
    )
    assert fresh.status == NominationImport.Status.RUNNING


def test_in_eager_mode_the_job_runs_after_the_response_not_in_the_request(
    backbone, open_window, town_user, town_enterprises, client_for, django_capture_on_commit_callbacks
):
    from contextlib import contextmanager

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from pools import services

    @contextmanager
    def a_request():
        """The signals a request sends (as the test client does, keeping the test's connection)."""
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            request_started.send(sender=None)
            yield
            request_finished.send(sender=None)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    content = _fill(_template(client_for(town_user)), [_row(town_enterprises[0])])
    with a_request():
        # when a bulk file is started and its transaction commits during a request
        with django_capture_on_commit_callbacks(execute=True):
            job = services.nomination_import_start(
                actor=town_user, pool=backbone, year=YEAR, upload=SimpleUploadedFile("申报.xlsx", content)
            )
        # then the request is not held up by the job: it is still waiting when the view returns
        job.refresh_from_db()
        assert job.status == NominationImport.Status.PENDING
    # and once the response has gone, the job has run
    job.refresh_from_db()
    assert job.status == NominationImport.Status.SUCCEEDED and job.created_count == 1
