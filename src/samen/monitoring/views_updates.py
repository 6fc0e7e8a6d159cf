"""Progress pages for action holders: their actions, one update per action (history appended, never overwritten),
many updates at once from a CSV file, and the reminder list of actions without an update this period.

Thin: the rules live in services.py, who sees which action in selectors.py/reminders.py. An action the person's
organisation does not hold is not there for them (404), whoever holds it.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samen.accounts.decorators import requires_permission

from .csv_updates import COLUMNS
from .forms_updates import ProgressUpdateForm, UploadForm, period_label
from .models import PlanNode
from .periods import current_period
from .reminders import MANAGE, UPDATE, action_states, actions_without_update, history
from .selectors import actions_held_by
from .services import BulkUpdateError, bulk_update_from_csv, progress_update_create


def _held_action_or_404(request, code: str) -> PlanNode:
    action = actions_held_by(request.user).select_related("holder", "parent__parent").filter(code=code).first()
    if action is None:
        raise Http404
    return action


@requires_permission(UPDATE)
def actions(request):
    period = current_period()
    return render(
        request,
        "monitoring/updates/actions.html",
        {
            "states": action_states(actions_held_by(request.user), period),
            "period": period,
            "period_label": period_label(period),
        },
    )


@requires_permission(UPDATE)
def action(request, code: str):
    action = _held_action_or_404(request, code)
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST)
        if form.is_valid():
            try:
                progress_update_create(action=action, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Your update was saved. Earlier updates stay in the history."))
                return redirect("monitoring:action", code=action.code)
    else:
        latest = history(action).first()
        initial = {"period": current_period()}
        if latest:
            initial |= {"status": latest.status, "percent_complete": latest.percent_complete}
        form = ProgressUpdateForm(initial=initial)
    return render(
        request,
        "monitoring/updates/action.html",
        {"action": action, "form": form, "updates": history(action)},
        status=400 if form.errors else 200,
    )


@requires_permission(UPDATE)
def upload(request):
    problems: list[str] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                created = bulk_update_from_csv(file=form.cleaned_data["file"], by=request.user)
            except BulkUpdateError as error:
                problems = error.messages
                form.add_error(
                    "file",
                    ngettext(
                        "The file has %(count)s problem. Nothing was saved.",
                        "The file has %(count)s problems. Nothing was saved.",
                        len(problems),
                    )
                    % {"count": len(problems)},
                )
            else:
                messages.success(
                    request,
                    ngettext("%(count)s update was saved.", "%(count)s updates were saved.", len(created))
                    % {"count": len(created)},
                )
                return redirect("monitoring:actions")
    else:
        form = UploadForm()
    return render(
        request,
        "monitoring/updates/upload.html",
        {"form": form, "problems": problems, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@requires_permission(UPDATE)
def upload_example(request):
    """A CSV to start from: the header and one row per action the person's organisation holds."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="voortgang.csv"'
    response.write("\ufeff")  # spreadsheets recognise UTF-8 by this mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(COLUMNS)
    period = current_period()
    for held in actions_held_by(request.user).order_by("code"):
        writer.writerow([held.code, period, "", "", "", "", ""])
    return response


@requires_permission(UPDATE)
def reminders(request):
    period = current_period()
    return render(
        request,
        "monitoring/updates/reminders.html",
        {
            "states": actions_without_update(request.user, period),
            "period": period,
            "period_label": period_label(period),
            "all_actions": request.user.has_perm(MANAGE),
        },
    )
