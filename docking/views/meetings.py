"""金融办's 银企对话会 pages: the list, a meeting and its intentions, organising and recording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_page
from core.list_pages import filtered_list
from core.permissions import require

from .. import permissions, selectors, services
from ..forms import DropForm, IntentionForm, MeetingCreateForm, MeetingFilterForm
from ..workflow import MEETINGS
from .common import action_redirect, run_form


@login_required
def meeting_list(request):
    require(permissions.can_view_meetings(request.user))
    return filtered_list(
        request,
        MeetingFilterForm,
        selectors.meetings_for,
        template="docking/meeting_list.html",
        can_create=permissions.can_manage_meetings(request.user),
    )


@login_required
def meeting_create(request):
    require(permissions.can_manage_meetings(request.user))
    form = MeetingCreateForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: services.meeting_create(actor=request.user, **d),
        success=lambda meeting: _("已创建对话会“%(title)s”。") % {"title": meeting.title},
        then=lambda meeting: reverse("docking:meeting_detail", kwargs={"pk": meeting.pk}),
        template="docking/meeting_form.html",
    )


@login_required
def meeting_detail(request, pk):
    user = request.user
    meeting = selectors.meeting_get(user, pk)
    form = IntentionForm(request.POST or None, meeting=meeting)
    can_record = permissions.can_record_intention(user, meeting)
    if request.method == "POST":
        require(can_record)
        intention = run_form(form, lambda d: services.intention_record(actor=user, meeting=meeting, **d))
        if intention is not None:
            messages.success(
                request,
                _("已登记%(bank)s与%(enterprise)s的融资意向。")
                % {"bank": intention.bank.name, "enterprise": intention.enterprise.name},
            )
            return redirect("docking:meeting_detail", pk=meeting.pk)
    intentions = list(selectors.intentions_for(user, meeting=meeting))
    return render(
        request,
        "docking/meeting_detail.html",
        {
            "meeting": meeting,
            "banks": list(meeting.banks.order_by("order", "code")),
            "enterprises": list(meeting.enterprises.order_by("name").values_list("name", flat=True)),
            "intentions": [(i, permissions.can_move_intention(user, i, "drop")) for i in intentions],
            "moves": MEETINGS.available(meeting, user),
            "form": form,
            "can_record": can_record,
            "drop_form": DropForm(),
        },
    )


@login_required
@require_POST
def meeting_action(request, pk, action):
    meeting = selectors.meeting_get(request.user, pk)
    label = MEETINGS[action].label if action in MEETINGS else action
    return action_redirect(
        request,
        lambda: services.meeting_transition(actor=request.user, meeting=meeting, action=action),
        _("操作成功：%(action)s。") % {"action": label},
        reverse("docking:meeting_detail", args=[pk]),
    )


@login_required
@require_POST
def intention_drop(request, pk):
    intention = selectors.intention_get(request.user, pk)
    return action_redirect(
        request,
        lambda: services.intention_drop(
            actor=request.user,
            intention=intention,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        ),
        _("融资意向已终止跟踪。"),
        reverse("docking:meeting_detail", args=[intention.meeting_id]),
    )
