"""The monthly report workflow: draft, submit, confirm or return; validation; corrections as versions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.models import AuditLog, Notification
from reporting import services
from reporting.models import Figure, FigureSource, Report, ReportDue, ReportEvent, ReportState
from reporting.selectors import figures_for
from tests.factories import FigureFactory, MilestoneFactory, ReportDueFactory, report_figures

D = Decimal
pytestmark = pytest.mark.django_db
YEAR = 2018


def _filled(actor, *, month=3, figures=None, progress="完成二期厂房主体施工。", **kwargs):
    report = services.report_start(actor=actor, year=YEAR, month=month)
    entries = {str(e.nomination_id): {"progress": progress} for e in report.entries.all()}
    return services.report_update(
        actor=actor, report=report, figures=figures or report_figures(), entries=entries, **kwargs
    )


def test_start_creates_a_draft_with_a_section_per_pool_entry(enterprise_user, entry):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    assert (report.state, report.version, report.enterprise_id) == (
        ReportState.DRAFT,
        1,
        enterprise_user.enterprise_id,
    )
    assert [e.nomination_id for e in report.entries.all()] == [entry.pk]
    assert report.events.get().action == ReportEvent.Action.CREATE
    assert AuditLog.objects.filter(object_id=str(report.pk), action="create").exists()


def test_only_an_enterprise_account_starts_a_report(town_user, entry):
    with pytest.raises(PermissionDenied, match="只有企业账号"):
        services.report_start(actor=town_user, year=YEAR, month=3)


def test_a_period_has_one_report_in_progress(enterprise_user, entry):
    services.report_start(actor=enterprise_user, year=YEAR, month=3)
    with pytest.raises(Conflict, match="已存在"):
        services.report_start(actor=enterprise_user, year=YEAR, month=3)


def test_future_months_cannot_be_reported(enterprise_user):
    with pytest.raises(ValidationError, match="已开始的月份"):
        services.report_start(actor=enterprise_user, year=2099, month=1)


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"output": {"value": "-5", "ytd": "10"}}, "不能为负数"),
        ({"output": {"value": "5.123", "ytd": "10"}}, "最多保留两位小数"),
        ({"employees": {"value": "10.5"}}, "整数"),
        ({"nonsense": {"value": "1"}}, "未知指标"),
    ],
)
def test_figures_are_validated_on_save(enterprise_user, entry, figures, message):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    with pytest.raises(ValidationError, match=message):
        services.report_update(actor=enterprise_user, report=report, figures=figures)


def test_submit_needs_every_figure_and_the_progress(enterprise_user, entry):
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    services.report_update(
        actor=enterprise_user, report=report, figures={"output": {"value": "1", "ytd": "3"}}
    )
    with pytest.raises(ValidationError) as exc:
        services.report_transition(actor=enterprise_user, report=report, action="submit")
    text = str(exc.value)
    assert "请填写主营业务收入（当月）" in text and "请填写从业人员（当月）" in text
    report = _filled(enterprise_user, month=4, progress="")
    with pytest.raises(ValidationError, match="本月进展"):
        services.report_transition(actor=enterprise_user, report=report, action="submit")


def test_year_to_date_cannot_be_below_the_month(enterprise_user, entry):
    report = _filled(enterprise_user, figures=report_figures(value="100", ytd="50"))
    with pytest.raises(ValidationError, match="不能小于当月值"):
        services.report_transition(actor=enterprise_user, report=report, action="submit")


def test_january_year_to_date_equals_the_month(enterprise_user, entry):
    report = _filled(enterprise_user, month=1, figures=report_figures(value="100", ytd="150"))
    with pytest.raises(ValidationError, match="1月的本年累计应等于当月值"):
        services.report_transition(actor=enterprise_user, report=report, action="submit")


def test_year_to_date_below_last_month_needs_a_reason(enterprise_user, entry, enterprise):
    # given February's confirmed year-to-date output of 400
    FigureFactory(
        enterprise=enterprise,
        year=YEAR,
        month=2,
        metric="output",
        source=FigureSource.SELF,
        value=D("200"),
        ytd=D("400"),
    )
    report = _filled(enterprise_user, month=3, figures=report_figures(value="100", ytd="300"))
    # when March says 300 without a reason  then  it is refused, naming the figure
    with pytest.raises(ValidationError, match="产值本年累计 300.00 低于上月的 400.00"):
        services.report_transition(actor=enterprise_user, report=report, action="submit")
    # and with a reason it goes through
    services.report_update(
        actor=enterprise_user, report=report, ytd_reason="2月数据多报，已在2月更正中说明。"
    )
    assert (
        services.report_transition(actor=enterprise_user, report=report, action="submit").state
        == ReportState.SUBMITTED
    )


def test_submit_tells_the_town_and_meets_the_obligation(
    enterprise_user, town_user, other_town_user, entry, enterprise
):
    due = ReportDueFactory(enterprise=enterprise, year=YEAR, month=3)
    report = _filled(enterprise_user)
    report = services.report_transition(actor=enterprise_user, report=report, action="submit")
    assert report.state == ReportState.SUBMITTED and report.submitted_by == enterprise_user
    assert Notification.objects.filter(recipient=town_user, url=f"/reporting/{report.pk}/").exists()
    assert not Notification.objects.filter(recipient=other_town_user).exists()
    due.refresh_from_db()
    assert due.submitted_at == report.submitted_at and due.report_id == report.pk


def test_town_confirms_and_the_figures_become_self_reported(enterprise_user, town_user, entry, enterprise):
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    report = services.report_transition(actor=town_user, report=report, action="confirm")
    assert report.state == ReportState.CONFIRMED and report.decided_by == town_user
    output = Figure.objects.get(
        enterprise=enterprise, year=YEAR, month=3, metric="output", source=FigureSource.SELF
    )
    assert (output.value, output.ytd, output.report_id) == (D("100.00"), D("300.00"), report.pk)
    assert Figure.objects.get(enterprise=enterprise, year=YEAR, month=3, metric="employees").ytd is None
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="已确认").exists()
    assert figures_for(enterprise, YEAR).get("output", 3).provenance == "月报 第1版"


def test_only_the_enterprises_town_decides(enterprise_user, other_town_user, entry):
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    with pytest.raises(PermissionDenied, match="企业所在街镇"):
        services.report_transition(actor=other_town_user, report=report, action="confirm")
    with pytest.raises(PermissionDenied):
        services.report_transition(actor=enterprise_user, report=report, action="confirm")


def test_return_needs_a_comment_and_reopens_the_report(enterprise_user, town_user, entry):
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    with pytest.raises(ValidationError, match="须填写意见"):
        services.report_transition(actor=town_user, report=report, action="return")
    report = services.report_transition(
        actor=town_user, report=report, action="return", comment="纳税额与税务数据不符，请核实。"
    )
    assert report.state == ReportState.RETURNED and report.comment == "纳税额与税务数据不符，请核实。"
    assert Notification.objects.filter(
        recipient=enterprise_user, message__contains="纳税额与税务数据不符"
    ).exists()
    services.report_update(actor=enterprise_user, report=report, note="已核实")
    assert (
        services.report_transition(actor=enterprise_user, report=report, action="submit").state
        == ReportState.SUBMITTED
    )


def test_a_confirmed_report_cannot_be_edited_or_confirmed_twice(enterprise_user, town_user, entry):
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    services.report_transition(actor=town_user, report=report, action="confirm")
    with pytest.raises(PermissionDenied, match="请发起更正"):
        services.report_update(actor=enterprise_user, report=report, note="改")
    with pytest.raises(Conflict, match="当前状态为“已确认”"):
        services.report_transition(actor=town_user, report=report, action="confirm")


def test_correction_is_a_new_version_that_keeps_the_old_one(enterprise_user, town_user, entry, enterprise):
    # given a confirmed March report with output 100 / 300
    v1 = services.report_transition(actor=enterprise_user, report=_filled(enterprise_user), action="submit")
    v1 = services.report_transition(actor=town_user, report=v1, action="confirm")
    # when the enterprise corrects it
    with pytest.raises(ValidationError, match="更正须填写原因"):
        services.report_correct(actor=enterprise_user, report=v1, reason=" ")
    v2 = services.report_correct(actor=enterprise_user, report=v1, reason="产值统计口径调整")
    assert (v2.version, v2.previous_id, v2.state) == (2, v1.pk, ReportState.DRAFT)
    assert v2.figures == v1.figures and v2.entries.count() == 1
    with pytest.raises(Conflict, match="未确认的更正"):
        services.report_correct(actor=enterprise_user, report=v1, reason="再次")
    # then until v2 is confirmed the old figures stand
    assert figures_for(enterprise, YEAR).get("output", 3).amount == D("300.00")
    services.report_update(actor=enterprise_user, report=v2, figures=report_figures(value="110", ytd="310"))
    services.report_transition(actor=enterprise_user, report=v2, action="submit")
    services.report_transition(actor=town_user, report=v2, action="confirm")
    # and once confirmed, v2 supersedes v1 (kept), and its figures replace v1's
    v1.refresh_from_db()
    assert v1.state == ReportState.SUPERSEDED and v1.figures["output"]["ytd"] == "300.00"
    output = figures_for(enterprise, YEAR).get("output", 3)
    assert (output.amount, output.provenance) == (D("310.00"), "月报 第2版")
    assert Report.objects.filter(enterprise=enterprise, year=YEAR, month=3).count() == 2
    # the obligation keeps its first submission
    assert not ReportDue.objects.exists() or ReportDue.objects.get().report_id == v1.pk


def test_only_confirmed_reports_are_corrected(enterprise_user, entry):
    report = _filled(enterprise_user)
    with pytest.raises(PermissionDenied, match="只有已确认的报告"):
        services.report_correct(actor=enterprise_user, report=report, reason="x")


def test_official_figures_still_win_after_a_confirmed_self_report(
    enterprise_user, town_user, entry, enterprise
):
    FigureFactory(enterprise=enterprise, year=YEAR, month=3, metric="output", value=D("90"), ytd=D("280"))
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    services.report_transition(actor=town_user, report=report, action="confirm")
    output = figures_for(enterprise, YEAR).get("output", 3)
    assert (output.amount, output.source, output.self_amount) == (D("280"), "official", D("300.00"))


def test_confirming_moves_the_plans_milestones(enterprise_user, town_user, entry):
    milestone = MilestoneFactory(plan__nomination=entry, title="设备联网")
    report = services.report_start(actor=enterprise_user, year=YEAR, month=3)
    with pytest.raises(ValidationError, match="不属于该入库对象"):
        services.report_update(
            actor=enterprise_user, report=report, entries={str(entry.pk): {"milestones": {"999999": "done"}}}
        )
    services.report_update(
        actor=enterprise_user,
        report=report,
        figures=report_figures(),
        entries={str(entry.pk): {"progress": "设备联网完成", "milestones": {str(milestone.pk): "done"}}},
    )
    services.report_transition(actor=enterprise_user, report=report, action="submit")
    milestone.refresh_from_db()
    assert milestone.status == "planned"  # not before the town confirms
    services.report_transition(actor=town_user, report=report, action="confirm")
    milestone.refresh_from_db()
    assert milestone.status == "done" and milestone.done_on.isoformat() == "2018-03-31"


def test_other_enterprise_cannot_touch_the_report(enterprise_user, other_enterprise_user, entry):
    report = _filled(enterprise_user)
    with pytest.raises(PermissionDenied):
        services.report_update(actor=other_enterprise_user, report=report, note="x")
    with pytest.raises(PermissionDenied):
        services.report_transition(actor=other_enterprise_user, report=report, action="submit")


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_take_turns(enterprise, town, enterprise_user, town_user, entry):
    """The row lock: of two officials confirming the same report at once, the second sees it confirmed."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    report = services.report_transition(
        actor=enterprise_user, report=_filled(enterprise_user), action="submit"
    )
    results = []

    def confirm():
        try:
            services.report_transition(actor=town_user, report=report, action="confirm")
            results.append("ok")
        except Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert ReportEvent.objects.filter(report=report, action="confirm").count() == 1
