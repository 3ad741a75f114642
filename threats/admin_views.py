"""The admin's threat level screen: current levels, last changes, change with confirmation,
and the corrections of a recent change (withdrawn, or its date corrected)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import (
    ChangeLevelForm,
    DateCorrectionForm,
    VisibilityForm,
    WithdrawalForm,
    add_model_errors,
)
from .levels import ThreatLevel
from .models import (
    CORRECTION_WINDOW,
    SCOPE_TITLES,
    Scope,
    ThreatLevelChange,
    ThreatLevelCorrection,
    ThreatLevelSettings,
    check_correctable,
    correctable_changes,
)
from .roles import CHANGE_THREAT_LEVEL

CHANGE_PERMISSION = CHANGE_THREAT_LEVEL
RECENT_CHANGES = 10
RECENT_CORRECTIONS = 10


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
        if request.POST.get("confirm") != "yes":
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
        # Checked again on the levels as they stand: a refusal found only now (another
        # manager was quicker) shows on the form, beside the levels as they stand.
        if made(
            form,
            lambda: levels.change(
                scope,
                level,
                changed_at=form.changed_at,
                author=request.user,
                note=form.cleaned_data["note"],
            ),
        ):
            messages.success(
                request,
                _("%(scope)s is now %(level)s.") % {"scope": SCOPE_TITLES[scope], "level": level},
            )
            return redirect("threats_admin:change")
    return TemplateResponse(
        request,
        "threats/admin/change_level.html",
        {
            "form": form,
            "levels": levels,
            "visibility_form": VisibilityForm(initial={"show_ni_level": levels.show_ni_level}),
            "recent_changes": correctable_changes(
                ThreatLevelChange.objects.history(limit=RECENT_CHANGES, include_withdrawn=True)
            ),
            "correction_days": CORRECTION_WINDOW.days,
            "recent_corrections": ThreatLevelCorrection.objects.select_related(
                "change", "reversal", "made_by"
            )[:RECENT_CORRECTIONS],
        },
    )


@require_POST
def change_visibility(request):
    require_manager(request)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        shown = form.cleaned_data["show_ni_level"]
        ThreatLevelSettings.load().set_ni_shown(shown)
        if shown:
            message = _("The Northern Ireland level is now shown on the public site.")
        else:
            message = _(
                "The Northern Ireland level is now hidden from the public site, its API and feeds."
            )
        messages.success(request, message)
    return redirect("threats_admin:change")


def correction_of(request, pk):
    """The change to correct, for a manager; 404 for an id that is no change."""
    require_manager(request)
    return get_object_or_404(ThreatLevelChange.objects.corrected(), pk=pk)


def made(form, correct):
    """Make the correction; a refusal found only now (another manager was quicker)
    shows on the form. True if it was made."""
    try:
        correct()
    except ValidationError as error:
        add_model_errors(form, error)
        return False
    return True


def refusal_of(check):
    """Why a correction may not be made, shown before a form is filled in for nothing."""
    try:
        check()
    except ValidationError as error:
        return error.messages
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_change(request, pk):
    entry = correction_of(request, pk)
    levels = ThreatLevelSettings.load()
    form = WithdrawalForm(request.POST or None, levels=levels, entry=entry)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "threats/admin/confirm_withdrawal.html",
                {"form": form, "entry": entry, "plan": form.plan},
            )
        reason = form.cleaned_data["reason"]
        if made(form, lambda: levels.withdraw(entry, author=request.user, reason=reason)):
            messages.success(
                request,
                _("The change is withdrawn. %(scope)s is %(level)s.")
                % {"scope": entry.scope_title, "level": form.plan.restored_level},
            )
            return redirect("threats_admin:change")
    refusal = None if form.is_bound else refusal_of(lambda: levels.check_withdrawal(entry))
    return correction_form(
        request,
        form,
        refusal,
        page_heading=_("Withdraw a change"),
        explanation=_(
            "Withdraw a change only if it was recorded by mistake. It then leaves the public "
            "history, the feeds and the timeline; the API still lists it, marked as "
            "withdrawn. You will be asked to confirm."
        ),
        submit_label=_("Review the withdrawal"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def correct_date(request, pk):
    entry = correction_of(request, pk)
    levels = ThreatLevelSettings.load()
    form = DateCorrectionForm(
        request.POST or None,
        levels=levels,
        entry=entry,
        initial={"took_effect_on": timezone.localdate(entry.took_effect_at)},
    )
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "threats/admin/confirm_date_correction.html",
                {"form": form, "entry": entry, "took_effect_at": form.changed_at},
            )
        took_effect_at, reason = form.changed_at, form.cleaned_data["reason"]
        if made(
            form,
            lambda: levels.correct_date(entry, took_effect_at, author=request.user, reason=reason),
        ):
            messages.success(request, _("The date of the change is corrected."))
            return redirect("threats_admin:change")
    refusal = None if form.is_bound else refusal_of(lambda: check_correctable(entry))
    return correction_form(
        request,
        form,
        refusal,
        page_heading=_("Correct the date of a change"),
        explanation=_(
            "The date may not be in the future, nor before the change before it, nor after "
            "the change after it. The date first recorded is kept, and the API shows it "
            "beside the corrected one. You will be asked to confirm."
        ),
        submit_label=_("Review the correction"),
    )


def correction_form(request, form, refusal, **texts):
    """The form of a correction (or why it cannot be made), with its own texts."""
    return TemplateResponse(
        request,
        "threats/admin/correction_form.html",
        {"form": form, "entry": form.entry, "refusal": refusal, **texts},
    )
