"""The pools' exports as officials circulate them: the pool list (合计, 破格, 总投资 of 补链 filled),
the nomination list and the department's review queue, each scoped as its page and audited."""

from decimal import Decimal

import pytest

from core.models import AuditAction, AuditLog
from tests.factories import ProjectFactory
from tests.pools.support import YEAR, approved, nominate, submitted

from .support import header_index, rows, workbook

pytestmark = pytest.mark.django_db
FAILING = {"output_value": "100", "main_revenue_growth": "18", "tax_growth": "16"}  # 产值 far below


def test_the_pool_list_sums_the_money_and_flags_the_exceptional_entries(
    client_for, backbone, open_window, town_user, department_user, enterprise, second_enterprise
):
    # given two entries of 骨干型, the second nominated although its 产值 falls short (破格)
    approved(town_user, department_user, backbone, enterprise)
    approved(
        town_user, department_user, backbone, second_enterprise, metrics=FAILING, explanation="受市场影响"
    )
    # when the lead department exports the pool
    book = workbook(client_for(department_user).get(f"/pools/{YEAR}/backbone/export.xlsx"))
    ws = book.worksheets[0]
    assert ws.title == f"{YEAR}骨干型"
    at = header_index(ws, 2)
    data = rows(ws)[2:]
    # then 产值 is a money column in 万元, a number per row and summed exactly in the 合计 row
    output = at["产值（万元）"]
    assert ws.cell(row=3, column=output + 1).number_format == "#,##0.00"
    assert [r[output] for r in data[:2]] == [520000, 100]
    total = next(r for r in data if r[0] == "合计")
    assert Decimal(str(total[output])) == Decimal("520100")
    # growth rates are not summed
    assert total[at["主营业务收入年增幅（%）"]] is None
    # the shortfall is flagged 破格, the other not
    assert [r[at["破格"]] for r in data[:2]] == [None, "破格"]
    # 入库时间 is a date cell
    assert ws.cell(row=3, column=at["入库时间"] + 1).is_date
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, actor=department_user).exists()


def test_the_chain_fill_list_shows_each_projects_total_investment(
    client_for, pool_of, open_window, town_user, department_user, enterprise
):
    # given a 补链 project nominated without the figure in its metrics (as the bulk upload leaves it)
    chain_fill = pool_of("chain_fill")
    project = ProjectFactory(enterprise=enterprise, total_investment=Decimal("15000.50"))
    approved(town_user, department_user, chain_fill, None, project=project, metrics={})
    # when the pool is exported
    ws = workbook(client_for(department_user).get(f"/pools/{YEAR}/chain_fill/export.xlsx")).worksheets[0]
    at = header_index(ws, 2)
    data = rows(ws)[2:]
    # then 项目总投资 is the project's registered one, and summed
    column = at["项目总投资（万元）"]
    assert data[0][column] == 15000.5
    assert next(r for r in data if r[0] == "合计")[column] == 15000.5


def test_the_nomination_list_export_is_the_towns_own(
    client_for, backbone, open_window, town_user, other_town_user, enterprise, other_enterprise
):
    # given a nomination of each town
    nominate(town_user, backbone, enterprise)
    nominate(other_town_user, backbone, other_enterprise)
    # when the first town exports its list
    ws = workbook(client_for(town_user).get("/pools/nominations/export.xlsx")).worksheets[0]
    names = [r[4] for r in rows(ws)[2:] if isinstance(r[0], int)]
    # then only its own nomination is there
    assert names == [enterprise.name]
    assert ws.title == "入库申报" and ws.freeze_panes == "A3"


def test_the_review_queue_export_is_the_departments_pools_only(
    client_for, backbone, pool_of, open_window, town_user, department_user, enterprise, second_enterprise
):
    # given a submitted nomination in a pool 区经信局 leads, and one in a pool another department leads
    submitted(town_user, backbone, enterprise)
    other_pool = next(
        p
        for p in backbone.programme.pools.exclude(lead_departments=department_user.department_id)
        if p.subject == backbone.subject
    )
    other = nominate(town_user, other_pool, second_enterprise, metrics={})
    from pools import services

    services.nomination_transition(actor=town_user, nomination=other, action="submit")
    # when the department exports its queue
    ws = workbook(client_for(department_user).get("/pools/review/export.xlsx")).worksheets[0]
    at = header_index(ws, 2)
    data = [r for r in rows(ws)[2:] if isinstance(r[0], int)]
    # then only its own pool's nomination is listed, with the days it has waited
    assert [r[at["企业或项目名称"]] for r in data] == [enterprise.name]
    assert data[0][at["已等待（天）"]] == 0
    assert ws.cell(row=3, column=at["提交时间"] + 1).is_date


def test_a_town_cannot_export_the_review_queue(client_for, town_user):
    assert client_for(town_user).get("/pools/review/export.xlsx").status_code == 403


def test_another_towns_entries_are_not_in_a_towns_pool_list(
    client_for,
    backbone,
    open_window,
    town_user,
    other_town_user,
    department_user,
    enterprise,
    other_enterprise,
):
    approved(town_user, department_user, backbone, enterprise)
    approved(other_town_user, department_user, backbone, other_enterprise)
    ws = workbook(client_for(other_town_user).get(f"/pools/{YEAR}/backbone/export.xlsx")).worksheets[0]
    names = [r[2] for r in rows(ws)[2:] if isinstance(r[0], int)]
    assert names == [other_enterprise.name]
