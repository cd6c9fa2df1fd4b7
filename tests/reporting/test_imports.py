"""Official statistics import: matched by USCC, all-or-nothing with row errors, each department its columns."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.models import AuditLog
from reporting import services
from reporting.imports import headers_for, load_dataset, statistics_template
from reporting.models import Figure, FigureImport, FigureSource
from reporting.selectors import figures_for
from tests.factories import DepartmentFactory, DepartmentUserFactory, FigureFactory
from tests.reporting.support import HEAD, xlsx

D = Decimal
pytestmark = pytest.mark.django_db


def run(actor, rows, headers=HEAD):
    return services.figures_import(
        actor=actor, dataset=load_dataset(xlsx(rows, headers), max_rows=1000), file_name="统计月报.xlsx"
    )


def test_a_good_file_writes_official_figures_with_provenance(statistics_user, enterprise, other_enterprise):
    record = run(
        statistics_user,
        [
            [enterprise.uscc, enterprise.name, 2018, "", "52000.5", "", "48000", "", 320],
            [other_enterprise.uscc.lower(), "", 2018, 3, "1200", "3500.25", "1100", "3300", 88],
        ],
    )
    assert record.status == FigureImport.Status.SUCCEEDED and record.errors == []
    assert (record.rows, record.figures) == (2, 6)
    assert record.periods == ["2018年", "2018年3月"] and record.columns == [
        "output",
        "main_revenue",
        "employees",
    ]
    output = Figure.objects.get(enterprise=enterprise, year=2018, month=0, metric="output")
    assert (output.source, output.value, output.ytd, output.batch_id) == (
        FigureSource.OFFICIAL,
        D("52000.50"),
        None,
        record.pk,
    )
    assert output.department.name == "区统计局"
    march = Figure.objects.get(enterprise=other_enterprise, year=2018, month=3, metric="output")
    assert (march.value, march.ytd) == (D("1200.00"), D("3500.25"))
    assert figures_for(enterprise, 2018).annual("output").provenance == f"区统计局 导入 #{record.pk}"
    assert AuditLog.objects.filter(action="import", object_id=str(record.pk)).exists()


def test_any_bad_row_and_nothing_is_written_with_every_row_listed(statistics_user, enterprise):
    record = run(
        statistics_user,
        [
            [enterprise.uscc, "", 2018, "", "100", "", "90", "", 10],  # fine
            ["91371311MA3C00000X", "", 2018, "", "100", "", "", "", ""],  # bad check character
            [enterprise.uscc, "", 2018, 13, "100", "100", "", "", ""],  # month 13
            [enterprise.uscc, "", 2018, 4, "-5", "10", "1.234", "2", ""],  # negative, three decimals
            [enterprise.uscc, "", 2018, "", "100", "", "", "", ""],  # duplicate of row 2
            [enterprise.uscc, "", 2018, 5, "100", "", "", "", ""],  # monthly without year-to-date
            [enterprise.uscc, "", 2018, 6, "100", "50", "", "", ""],  # year-to-date below the month
            [
                "91371311000999999" + "0",
                "",
                2018,
                "",
                "1",
                "",
                "",
                "",
                "",
            ],  # valid shape but unknown? (check below)
        ],
    )
    assert record.status == FigureImport.Status.FAILED
    assert not Figure.objects.exists()
    rows = {e["row"]: " ".join(e["messages"]) for e in record.errors}
    assert 2 not in rows
    assert "校验码错误" in rows[3]
    assert "月份应为1—12" in rows[4]
    assert "产值（万元）：不能为负数" in rows[5] and "最多保留两位小数" in rows[5]
    assert "与第 2 行的企业和期别重复" in rows[6]
    assert "月度数据须填写本年累计" in rows[7]
    assert "本年累计不能小于当月值" in rows[8]
    assert 9 in rows


def test_unknown_enterprise_is_a_row_error(statistics_user):
    from enterprises.uscc import make_uscc

    record = run(statistics_user, [[make_uscc("371311", 424242), "", 2018, "", "1", "", "", "", ""]])
    assert record.errors == [
        {"row": 2, "messages": [f"统一社会信用代码 {make_uscc('371311', 424242)} 未在企业名录中登记。"]}
    ]


def test_a_department_imports_only_its_own_columns(tax_user, enterprise):
    record = run(
        tax_user,
        [[enterprise.uscc, "", 2018, "", "100", "", "", "", ""]],
        headers=["统一社会信用代码", "企业名称", "年度", "月份", "产值（万元）", "纳税额（万元）"],
    )
    assert record.status == FigureImport.Status.FAILED
    assert "本部门不能导入以下指标：产值（本部门可导入：纳税额）" in record.errors[0]["messages"][0]
    ok = run(
        tax_user,
        [[enterprise.uscc, "", 2018, "", "", "35.5"]],
        headers=["统一社会信用代码", "企业名称", "年度", "月份", "产值（万元）", "纳税额（万元）"],
    )
    assert ok.status == FigureImport.Status.SUCCEEDED
    assert Figure.objects.get(metric="tax").department.code == "state_tax"


def test_departments_without_columns_and_other_roles_cannot_import(town_user, grants, enterprise):
    finance = DepartmentUserFactory(
        username="finance", department=DepartmentFactory(code="finance", name="区财政局")
    )
    with pytest.raises(PermissionDenied, match="没有可导入的统计指标"):
        run(finance, [[enterprise.uscc, "", 2018, "", "1", "", "", "", ""]])
    with pytest.raises(PermissionDenied, match="只有部门"):
        run(town_user, [[enterprise.uscc, "", 2018, "", "1", "", "", "", ""]])


def test_reimport_overwrites_the_official_figure_and_keeps_the_self_report(statistics_user, enterprise):
    FigureFactory(enterprise=enterprise, year=2018, metric="output", source=FigureSource.SELF, value=D("130"))
    run(statistics_user, [[enterprise.uscc, "", 2018, "", "100", "", "", "", ""]])
    run(statistics_user, [[enterprise.uscc, "", 2018, "", "120", "", "", "", ""]])
    assert Figure.objects.filter(enterprise=enterprise, metric="output").count() == 2
    resolved = figures_for(enterprise, 2018).annual("output")
    assert (resolved.amount, resolved.source, resolved.self_amount) == (D("120.00"), "official", D("130"))


def test_blank_cells_do_not_clear_existing_figures(statistics_user, enterprise):
    run(statistics_user, [[enterprise.uscc, "", 2018, "", "100", "", "90", "", ""]])
    run(statistics_user, [[enterprise.uscc, "", 2018, "", "110", "", "", "", ""]])
    assert Figure.objects.get(metric="main_revenue").value == D("90.00")


def test_future_periods_and_empty_rows_are_refused(statistics_user, enterprise):
    record = run(
        statistics_user,
        [
            [enterprise.uscc, "", 2099, 1, "1", "1", "", "", ""],
            [enterprise.uscc, "", 2018, 2, "", "", "", "", ""],
        ],
    )
    rows = {e["row"]: " ".join(e["messages"]) for e in record.errors}
    assert "年度应在2000" in rows[2] and "该行没有任何数据" in rows[3]


def test_template_has_the_departments_columns_and_reads_back(statistics_user, grants, enterprise):
    content = statistics_template(["output", "employees"])
    sheet = load_workbook(BytesIO(content)).active
    assert (
        [c.value for c in sheet[1]]
        == headers_for(["output", "employees"])
        == [
            "统一社会信用代码",
            "企业名称",
            "年度",
            "月份",
            "产值（万元）",
            "产值本年累计（万元）",
            "从业人员（人）",
        ]
    )
    sheet.append([enterprise.uscc, enterprise.name, 2018, None, 10, None, 5])
    buffer = BytesIO()
    sheet.parent.save(buffer)
    record = services.figures_import(
        actor=statistics_user,
        file_name="t.xlsx",
        dataset=load_dataset(SimpleUploadedFile("t.xlsx", buffer.getvalue()), max_rows=10),
    )
    assert record.status == FigureImport.Status.SUCCEEDED and record.figures == 2


def test_unreadable_or_empty_files_say_so():
    with pytest.raises(ValueError, match="无法读取"):
        load_dataset(SimpleUploadedFile("x.xlsx", b"not a workbook"), max_rows=10)
    with pytest.raises(ValueError, match="没有数据行"):
        load_dataset(xlsx([]), max_rows=10)
    with pytest.raises(ValueError, match="一次最多导入 1 行"):
        load_dataset(xlsx([["a"], ["b"]]), max_rows=1)
