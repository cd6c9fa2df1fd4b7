"""Demo data for the cultivation pools (called from portal.demo.seed_demo): an open window and
nominations in every state, made through the pools' services."""

from decimal import Decimal

from accounts.models import Role, User
from enterprises.models import Enterprise, Project
from programs.models import Pool, Programme


def seed_nominations(programme: Programme) -> int:
    """An open window for the programme's latest year and nominations in every state, through the
    services (so history, audit rows and notifications are real). Skipped when the year has any."""
    from datetime import timedelta

    from django.utils import timezone

    from pools import services as pool_services
    from pools.models import Nomination
    from programs.models import Criterion, SubjectKind

    year = programme.end_year
    if Nomination.objects.filter(programme=programme, year=year).exists():
        return 0
    office = User.objects.get(username="office")
    today = timezone.localdate()
    pool_services.window_open(
        actor=office,
        programme=programme,
        year=year,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=60),
    )
    towns = list(User.objects.filter(role=Role.TOWN).select_related("town").order_by("town__order"))
    plan = ["draft", "submitted", "approved", "returned", "rejected", "withdrawn", "approved", "submitted"]
    created = 0
    pools = list(
        Pool.objects.filter(programme=programme)
        .prefetch_related("criteria", "lead_departments")
        .order_by("order")
    )
    for p_index, pool in enumerate(pools):
        reviewer = User.objects.filter(
            role=Role.DEPARTMENT, department__in=pool.lead_departments.all()
        ).first()
        for t_index, town_user in enumerate(towns[:4]):
            state = plan[(p_index + t_index) % len(plan)]
            candidates = list(
                (Project if pool.subject == SubjectKind.PROJECT else Enterprise)
                .objects.filter(town=town_user.town)
                .order_by("id")
                .values_list("pk", flat=True)[:50]
            )
            if not candidates:
                continue
            pk = candidates[(p_index * 3 + t_index) % len(candidates)]
            subject = (
                {"project": Project.objects.get(pk=pk)}
                if pool.subject == SubjectKind.PROJECT
                else {"enterprise": Enterprise.objects.get(pk=pk)}
            )
            metrics = {}
            for c in pool.criteria.all():
                if c.kind == Criterion.Kind.QUANTITATIVE and c.metric != "total_investment":
                    # around the threshold: most pass, some fall just short
                    factor = Decimal("1.2") if (p_index + t_index) % 3 else Decimal("0.9")
                    metrics[c.metric] = str((c.threshold * factor).quantize(Decimal("0.01")))
            nomination = pool_services.nomination_create(
                actor=town_user,
                pool=pool,
                year=year,
                metrics=metrics,
                path_plan="围绕主导产业延链补链，实施智能化技术改造，三年内产值翻番。",
                **subject,
            )
            created += 1
            if state == "draft":
                continue
            nomination.explanation = (
                "" if not nomination.fails_quantitative else "受市场波动影响，预计下半年恢复增长。"
            )
            pool_services.nomination_update(
                actor=town_user,
                nomination=nomination,
                explanation=nomination.explanation,
                claims={
                    c.code: {"claimed": True, "note": ""}
                    for c in pool.criteria.all()
                    if c.kind == Criterion.Kind.QUALITATIVE
                },
            )
            if state == "withdrawn":
                pool_services.nomination_transition(actor=town_user, nomination=nomination, action="withdraw")
                continue
            pool_services.nomination_transition(actor=town_user, nomination=nomination, action="submit")
            if state == "submitted" or reviewer is None:
                continue
            if state == "approved":
                for c in pool.criteria.all():
                    if c.kind == Criterion.Kind.QUALITATIVE:
                        pool_services.criterion_review(
                            actor=reviewer, nomination=nomination, criterion=c, decision="confirmed"
                        )
            comment = {"returned": "请补充近三年财务审计报告。", "rejected": "主要指标未达到认定标准。"}.get(
                state, ""
            )
            action = {"approved": "approve", "returned": "return", "rejected": "reject"}[state]
            pool_services.nomination_transition(
                actor=reviewer, nomination=nomination, action=action, comment=comment
            )
    return created
