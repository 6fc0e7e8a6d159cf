"""Dashboards of the programme: the action lines with their progress, each line's actions, each KPI with its chart
and data table, the inventory of awareness campaigns and reporting points, and the progress letter to download.
Read-only; for people with monitoring.view_programme.
Views stay thin: the letter's builders (report.py) and the chart model (charts.py) do the reading."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from samen.accounts.decorators import requires_permission

from .charts import chart_svg, kpi_chart
from .forms_inventory import InventoryFilterForm
from .inventory import inventory_groups
from .models import KPI, PlanNode, ProgressUpdate
from .report import (
    FORMATS,
    Period,
    PeriodError,
    build_letter,
    kpis_in_order,
    letter_export_audit,
    letter_filename,
    letter_render,
    line_sections,
    mask_small_counts,
    period_label,
    recent_updates,
)
from .selectors import inventory_filtered

VIEW = "monitoring.view_programme"


def _current_period() -> Period:
    return Period.containing(timezone.localdate())


def _period(request) -> Period:
    """The period asked for in ?period=, or the current half-year (a period that does not parse is ignored)."""
    try:
        return Period.parse(request.GET.get("period", ""))
    except PeriodError:
        return _current_period()


def _period_choices(selected: Period) -> list[tuple[str, str, bool]]:
    codes = {selected.code, _current_period().code}
    for code in ProgressUpdate.objects.values_list("period", flat=True).distinct():
        try:
            codes.add(Period.parse(code).code)
        except PeriodError:
            continue
    return [(code, period_label(code), code == selected.code) for code in sorted(codes, reverse=True)]


def _updates(updates: list[ProgressUpdate]) -> list[dict]:
    return [
        {
            "action": update.action,
            "period": period_label(update.period),
            "status": update.get_status_display(),
            "status_code": update.status,
            "narrative": mask_small_counts(update.narrative),
            "at": update.at,
        }
        for update in updates
    ]


@requires_permission(VIEW)
def overview(request):
    period = _period(request)
    lines = line_sections(period)
    # Figures as they stood at the end of the period shown, as in the letter for that period.
    kpis = [(kpi, kpi_chart(kpi, last_year=period.year, until=period.end)) for kpi in kpis_in_order()]
    return render(
        request,
        "monitoring/dashboard/overview.html",
        {
            "period": period,
            "period_choices": _period_choices(period),
            "lines": [(line, _updates(recent_updates(line.code, period))) for line in lines],
            "statuses": lines[0].statuses if lines else [],
            "kpis": kpis,
        },
    )


@requires_permission(VIEW)
def line_detail(request, code: str):
    line = get_object_or_404(PlanNode, code=code, kind=PlanNode.Kind.LINE)
    period = _period(request)
    (section,) = line_sections(period, only=line)
    return render(
        request,
        "monitoring/dashboard/line.html",
        {
            "period": period,
            "period_choices": _period_choices(period),
            "line": section,
            "kpis": [
                (kpi, kpi_chart(kpi, last_year=period.year, until=period.end))
                for kpi in KPI.objects.filter(line=line).order_by("slug")
            ],
        },
    )


@requires_permission(VIEW)
def kpi_detail(request, slug: str):
    kpi = get_object_or_404(KPI.objects.select_related("line"), slug=slug)
    chart = kpi_chart(kpi)
    return render(
        request,
        "monitoring/dashboard/kpi.html",
        {
            "kpi": kpi,
            "chart": chart,
            "svg": chart_svg(chart),
            "forecasts": [y for y in chart.years if y.forecast],
            "period": _current_period(),
        },
    )


@requires_permission(VIEW)
def letter(request, period: str, fmt: str):
    """The progress letter for a period as PDF or DOCX; every download is an audited export."""
    if fmt not in FORMATS:
        raise Http404
    try:
        chosen = Period.parse(period)
    except PeriodError as error:
        raise Http404 from error
    content = letter_render(build_letter(chosen), fmt)
    letter_export_audit(by=request.user, period=chosen, fmt=fmt, channel="download")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(chosen, fmt)}"'
    return response


@requires_permission(VIEW)
def inventory(request):
    """The campaigns and reporting points, filtered by kind, exploitation form and whether they run today."""
    today = timezone.localdate()
    form = InventoryFilterForm(request.GET or None)
    entries = inventory_filtered(**form.filters(), on=today)
    return render(
        request,
        "monitoring/dashboard/inventory.html",
        {
            "form": form,
            "groups": inventory_groups(entries, day=today),
            "count": len(entries),
            "today": today,
            "can_manage": request.user.has_perm("monitoring.manage_inventory"),
        },
    )
