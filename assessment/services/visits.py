"""The half-year site visit (半年一观摩): the office plans sites and the visiting group, each visitor
fills the scoring sheet per site, the office closes the visit and the ranking is published."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require

from .. import permissions
from ..models import SiteVisit, VisitMember, VisitScore, VisitSite, VisitState
from ..scoring import q

DEFAULT_SHEET = [
    {"code": "progress", "name": "路径实施进度", "max": "40"},
    {"code": "results", "name": "投入与产出成效", "max": "40"},
    {"code": "site", "name": "现场管理与展示", "max": "20"},
]


def check_sheet(sheet) -> list[dict]:
    if not isinstance(sheet, list) or not sheet:
        raise ValidationError({"sheet": _("评分表须至少有一项。")})
    out = []
    for item in sheet:
        try:
            top = Decimal(str(item["max"]))
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise ValidationError({"sheet": _("评分表每项须有代码、名称和满分。")}) from exc
        if not item.get("code") or not item.get("name") or top <= 0:
            raise ValidationError({"sheet": _("评分表每项须有代码、名称和满分。")})
        out.append({"code": str(item["code"]), "name": str(item["name"]), "max": str(top)})
    return out


@transaction.atomic
def visit_create(
    *, actor, programme, year: int, half: int, title: str, nominations, members, visit_on=None, sheet=None
) -> SiteVisit:
    require(permissions.can_manage(actor))
    if half not in (1, 2):
        raise ValidationError({"half": _("请选择上半年或下半年。")})
    if not nominations:
        raise ValidationError({"nominations": _("请至少选择一个观摩点。")})
    if not members:
        raise ValidationError({"members": _("请至少选择一名观摩组成员。")})
    visit = SiteVisit.objects.create(
        programme=programme,
        year=year,
        half=half,
        title=(title or "").strip()[:100]
        or _("%(year)s年%(half)s观摩") % {"year": year, "half": _("上半年") if half == 1 else _("下半年")},
        visit_on=visit_on,
        sheet=check_sheet(sheet or DEFAULT_SHEET),
        created_by=actor,
    )
    VisitSite.objects.bulk_create(
        [VisitSite(visit=visit, nomination=n, order=i) for i, n in enumerate(nominations)]
    )
    VisitMember.objects.bulk_create([VisitMember(visit=visit, user=u) for u in members])
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=visit,
        after={
            "sites": [n.pk for n in nominations],
            "members": [u.pk for u in members],
            "sheet": visit.sheet,
        },
    )
    return visit


@transaction.atomic
def visit_score(*, actor, site: VisitSite, points: dict, note: str = "") -> VisitScore:
    visit = SiteVisit.objects.select_for_update().get(pk=site.visit_id)
    members = set(VisitMember.objects.filter(visit=visit).values_list("user_id", flat=True))
    require(permissions.can_score_visit(actor, visit, members))
    clean, total = {}, Decimal("0")
    for item in visit.sheet:
        raw = points.get(item["code"])
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise ValidationError({item["code"]: _("请为“%(name)s”打分。") % {"name": item["name"]}}) from exc
        if not (0 <= value <= Decimal(item["max"])):
            raise ValidationError(
                {
                    item["code"]: _("“%(name)s”须在0至%(max)s分之间。")
                    % {"name": item["name"], "max": item["max"]}
                }
            )
        clean[item["code"]] = str(q(value))
        total += value
    score = VisitScore.objects.filter(site=site, visitor=actor).first()
    before = audit.snapshot(score, ["points", "total", "note"]) if score else None
    score = score or VisitScore(site=site, visitor=actor)
    score.points, score.total, score.note = clean, q(total), (note or "").strip()[:500]
    score.save()
    audit.record_saved(actor=actor, instance=score, before=before, fields=["points", "total", "note"])
    return score


@transaction.atomic
def visit_close(*, actor, visit: SiteVisit) -> SiteVisit:
    require(permissions.can_manage(actor))
    visit = SiteVisit.objects.select_for_update().get(pk=visit.pk)
    if visit.state != VisitState.SCORING:
        raise ValidationError(_("观摩评分已结束。"))
    before = audit.snapshot(visit, ["state"])
    visit.state = VisitState.CLOSED
    visit.save(update_fields=["state", "updated_at"])
    audit.record_saved(
        actor=actor, instance=visit, before=before, fields=["state"], action=audit.AuditAction.TRANSITION
    )
    return visit
