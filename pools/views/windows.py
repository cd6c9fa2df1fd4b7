"""The office's windows pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from core.web import errors_to_messages
from programs.years import requested_year as _year

from .. import permissions, selectors, services
from ..forms import (
    WindowExtendForm,
    WindowForm,
)
from ..models import NominationState, NominationWindow
from .common import _programme

# --- office: windows -------------------------------------------------------------------------


@login_required
def windows(request):
    require(permissions.can_manage_windows(request.user))
    programme = _programme(request.user)
    year = _year(request, programme)
    form = WindowForm(request.POST or None, programme=programme, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.window_open(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("申报窗口已设置。"))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    return render(
        request,
        "pools/windows.html",
        {
            "programme": programme,
            "year": year,
            "form": form,
            "extend_form": WindowExtendForm(),
            "windows": selectors.windows_for(programme, year),
            "progress": selectors.town_progress(programme, year),
            "states": NominationState.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def window_action(request, pk, action):
    require(permissions.can_manage_windows(request.user))
    window = get_object_or_404(NominationWindow, pk=pk)
    if action == "close":
        services.window_close(actor=request.user, window=window)
        messages.success(request, _("申报窗口已关闭。"))
    elif action == "extend":
        form = WindowExtendForm(request.POST)
        if form.is_valid():
            try:
                services.window_update(
                    actor=request.user, window=window, closes_on=form.cleaned_data["closes_on"]
                )
                messages.success(request, _("截止日期已调整。"))
            except ValidationError as exc:
                errors_to_messages(request, exc)
        else:
            messages.error(request, _("请填写有效的截止日期。"))
    else:
        raise Http404(action)
    return redirect(f"/pools/windows/?year={window.year}")
