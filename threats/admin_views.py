"""The admin's threat level screen: current levels, last changes, change with confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ChangeLevelForm, VisibilityForm
from .levels import ThreatLevel
from .models import SCOPE_TITLES, Scope, ThreatLevelChange, ThreatLevelSettings
from .roles import CHANGE_THREAT_LEVEL

CHANGE_PERMISSION = CHANGE_THREAT_LEVEL
RECENT_CHANGES = 10


def require_manager(request):
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def change_level(request):
    require_manager(request)
    levels = ThreatLevelSettings.load()
    form = ChangeLevelForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        scope = Scope(form.cleaned_data["scope"])
        level = ThreatLevel(form.cleaned_data["level"])
        if request.POST.get("confirm") == "yes":
            levels.change(
                scope,
                level,
                changed_at=form.changed_at,
                author=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("%(scope)s is now %(level)s.") % {"scope": SCOPE_TITLES[scope], "level": level},
            )
            return redirect("threats_admin:change")
        current = levels.national if scope == Scope.NATIONAL else levels.northern_ireland
        return TemplateResponse(
            request,
            "threats/admin/confirm_change.html",
            {
                "form": form,
                "current": current,
                "new_level": level,
                "scope": scope,
                "scope_title": SCOPE_TITLES[scope],
                "changed_at": form.changed_at,
            },
        )
    return TemplateResponse(
        request,
        "threats/admin/change_level.html",
        {
            "form": form,
            "levels": levels,
            "visibility_form": VisibilityForm(initial={"show_ni_level": levels.show_ni_level}),
            "recent_changes": ThreatLevelChange.objects.history(limit=RECENT_CHANGES),
        },
    )


@require_POST
def change_visibility(request):
    require_manager(request)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        levels = ThreatLevelSettings.load()
        levels.show_ni_level = form.cleaned_data["show_ni_level"]
        levels.save()
        messages.success(request, _("Visibility of the Northern Ireland level saved."))
    return redirect("threats_admin:change")
