from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.decorators import role_required
from accounts.models import Role, User
from accounts.permissions import can_view_audit_log
from core.forms import BootstrapFormMixin
from core.list_pages import list_page
from core.models import AuditAction
from core.selectors import audit_log_for
from enterprises import selectors as enterprise_selectors
from programs import selectors as programme_selectors
from programs.models import Programme

ROLE_HOMES = {
    Role.TOWN: "home_town",
    Role.DEPARTMENT: "home_department",
    Role.OFFICE: "home_office",
    Role.ENTERPRISE: "home_enterprise",
    Role.BANK: "home_bank",
    Role.ADMIN: "home_admin",
    Role.SECURITY_ADMIN: "home_security",
    Role.AUDIT_ADMIN: "home_audit",
}


@login_required
def home(request):
    user = request.user
    name = ROLE_HOMES.get(user.role) or ("home_admin" if user.is_superuser else None)
    if name is None:
        raise PermissionDenied(_("该账号未分配角色，请联系系统管理员。"))
    return redirect(name)


def _current_programme(user):
    return Programme.objects.visible_to(user).current()


@role_required(Role.TOWN)
def home_town(request):
    from pools import selectors as pool_selectors
    from pools.models import NominationState

    programme = _current_programme(request.user)
    return render(
        request,
        "core/home_town.html",
        {
            "stats": enterprise_selectors.registry_stats(request.user),
            "recent": enterprise_selectors.enterprises_for(request.user).order_by("-created_at")[:8],
            "windows": pool_selectors.open_windows(programme) if programme else [],
            "work": pool_selectors.town_worklist(request.user),
            "states": NominationState.choices,
        },
    )


@role_required(Role.DEPARTMENT)
def home_department(request):
    from pools import selectors as pool_selectors

    programme = _current_programme(request.user)
    year = timezone.localdate().year
    if programme:
        year = min(max(year, programme.start_year), programme.end_year)
    pools = (
        list(programme_selectors.pools_of(programme, year=year, department=request.user.department))
        if programme
        else []
    )
    dept = request.user.department
    return render(
        request,
        "core/home_department.html",
        {
            "programme": programme,
            "year": year,
            "led": [p for p in pools if dept in p.lead_departments.all()],
            "responsible": [p for p in pools if dept not in p.lead_departments.all()],
            "stats": enterprise_selectors.registry_stats(request.user),
            "queue": pool_selectors.queue_summary(request.user, programme),
        },
    )


@role_required(Role.OFFICE)
def home_office(request):
    programme = _current_programme(request.user)
    by_town = enterprise_selectors.enterprises_by_town(request.user)
    return render(
        request,
        "core/home_office.html",
        {
            "programme": programme,
            "stats": enterprise_selectors.registry_stats(request.user),
            "by_town": by_town,
            "chart": {
                "towns": [r["town__name"] for r in by_town],
                "total": [r["total"] for r in by_town],
                "above": [r["above"] for r in by_town],
            },
            "indicators": programme_selectors.indicators_of(programme) if programme else [],
            # The audit trail is the audit administrator's (三员分立); the office sees its own decisions.
            "recent_decisions": _recent_decisions(request.user),
        },
    )


def _recent_decisions(user):
    from pools.models import Nomination

    return (
        Nomination.objects.visible_to(user)
        .filter(decided_at__isnull=False)
        .select_related("pool", "town", "enterprise", "project", "decided_by")
        .order_by("-decided_at")[:8]
    )


@role_required(Role.ENTERPRISE)
def home_enterprise(request):
    # The enterprise's home: pools it is in, reports due and late, key figures (reporting app).
    from reporting.views import enterprise_home

    return enterprise_home(request)


@role_required(Role.BANK)
def home_bank(request):
    """A bank's workbench: its own bridge loans by state and what waits for it (funds)."""
    from funds.models import BridgeLoanState
    from funds.selectors import bridge_loans_for, state_counts

    loans = bridge_loans_for(request.user)
    waiting = (BridgeLoanState.RECOMMENDED, BridgeLoanState.DISBURSED, BridgeLoanState.OVERDUE)
    return render(
        request,
        "core/home_bank.html",
        {
            "states": BridgeLoanState.choices,
            "counts": state_counts(loans),
            "todo": loans.filter(state__in=waiting).order_by("due_on", "pk")[:20],
            "outstanding": loans.filter(state__in=(BridgeLoanState.DISBURSED, BridgeLoanState.OVERDUE))[:20],
        },
    )


@role_required(Role.ADMIN)
def home_admin(request):
    """The system administrator: accounts by role (failed sign-ins are the security administrator's)."""
    from django.db.models import Count

    return render(
        request,
        "core/home_admin.html",
        {
            "by_role": User.objects.values("role").annotate(n=Count("id")).order_by("role"),
            "roles": dict(Role.choices),
        },
    )


@role_required(Role.SECURITY_ADMIN)
def home_security(request):
    from accounts.selectors import locked_out_attempts

    return render(request, "core/home_security.html", {"lockouts": locked_out_attempts()[:10]})


@role_required(Role.AUDIT_ADMIN)
def home_audit(request):
    return render(request, "core/home_audit.html", {"recent_audit": audit_log_for(request.user)[:10]})


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    actor = forms.CharField(label=_("操作账号"), required=False)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("全部操作")), *AuditAction.choices]
    )
    content_type = forms.ModelChoiceField(
        label=_("对象类型"),
        required=False,
        empty_label=_("全部类型"),
        queryset=ContentType.objects.filter(
            app_label__in=["accounts", "programs", "enterprises", "pools", "credit", "funds", "assessment"]
        ),
    )
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "对象类型" by the model's Chinese name, not "pools | nomination window"
        self.fields["content_type"].label_from_instance = lambda ct: str(ct.name)


@login_required
def audit_log(request):
    filters, kwargs = _audit_filters(request)
    page = Paginator(audit_log_for(request.user, **kwargs), 50).get_page(request.GET.get("page"))
    from core.audit_display import describe

    return list_page(
        request,
        template="core/audit_log.html",
        table="core/_audit_table.html",
        filters=filters,
        page=page,
        changes=describe(page),
    )


def _audit_filters(request) -> tuple["AuditFilterForm", dict]:
    """The trail's filters, for whoever may read the trail (the page and both exports)."""
    decision = can_view_audit_log(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    filters = AuditFilterForm(request.GET or None)
    kwargs = {k: v for k, v in filters.cleaned_data.items() if v} if filters.is_valid() else {}
    return filters, kwargs


def _audited_export(request, export: str):
    """The filtered trail in order, for an export; the export itself is written to the trail."""
    from core import audit
    from core.audit_messages import export_event

    _filters, kwargs = _audit_filters(request)
    audit.record(actor=request.user, action=AuditAction.EXPORT, **export_event(export, query=request.GET))
    return audit_log_for(request.user, **kwargs).order_by("id")


@login_required
def audit_log_export(request):
    """The filtered trail as a CSV file, for whoever may read the trail; the export is audited."""
    from core.audit_export import audit_header, audit_line, csv_rows

    rows = _audited_export(request, "audit_log_csv")
    lines = (audit_line(log) for log in rows.iterator(chunk_size=2000))
    response = StreamingHttpResponse(csv_rows(audit_header(), lines), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename=audit-log-{stamp}.csv"
    return response


@login_required
def audit_log_export_xlsx(request):
    """The filtered trail as an xlsx file (the shared writer's layout); audited like the CSV."""
    from django.http import HttpResponse

    from core.audit_xlsx import audit_workbook
    from core.xlsx import XLSX_CONTENT_TYPE

    rows = _audited_export(request, "audit_log_xlsx")
    response = HttpResponse(audit_workbook(rows.iterator(chunk_size=2000)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=audit-log-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    )
    return response


@login_required
def notifications(request):
    from core.models import Notification
    from core.notifications import notifications_mark_read

    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("notifications")
    page = Paginator(Notification.objects.visible_to(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})
