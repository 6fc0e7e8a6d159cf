"""The monitoring API: the plan with progress, the KPIs with values, targets and forecasts, statistics, and the
inventory of awareness campaigns and reporting points. Read only, for callers with monitoring.view_programme (token or
session); errors as application/problem+json.

Nothing here is personal data: the plan and KPIs are programme figures, and every count of people goes through
disclosure control (figures.py, statistics.py) before it is returned.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.audit.services import audit_record_denied

from ..figures import kpi_document
from ..models import KPI
from ..periods import period_bounds
from ..plan_view import plan_rows
from ..selectors import inventory_filtered
from ..statistics import statistics_document
from .serializers import (
    ActionsQuerySerializer,
    InventoryEntrySerializer,
    InventoryQuerySerializer,
    KPISerializer,
    PlanItemSerializer,
    ProblemSerializer,
    StatisticsQuerySerializer,
    StatisticsSerializer,
)

VIEW = "monitoring.view_programme"
PROBLEM = "application/problem+json"
PROBLEMS = {
    (400, PROBLEM): OpenApiResponse(ProblemSerializer, description="Invalid query parameters."),
    (401, PROBLEM): OpenApiResponse(ProblemSerializer, description="Not signed in (no token or session)."),
    (403, PROBLEM): OpenApiResponse(ProblemSerializer, description="The caller lacks monitoring.view_programme."),
}
NOT_FOUND = {(404, PROBLEM): OpenApiResponse(ProblemSerializer, description="No KPI with this slug.")}


class ViewProgramme(BasePermission):
    """monitoring.view_programme; a refusal is written to the audit trail with its reason. Anonymous: 401."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.has_perm(VIEW):
            return True
        audit_record_denied(
            actor=user, object_type=f"api:{view.__module__}.{view.__class__.__name__}", reason=f"missing {VIEW}"
        )
        return False


class MonitoringView(APIView):
    permission_classes = [ViewProgramme]


class ActionList(MonitoringView):
    """The plan in tree order: ambition, strategic goals, action lines, operational goals and actions, each with its
    holder, status, rolled-up progress and (for actions) the latest progress update."""

    @extend_schema(
        tags=["monitoring"],
        operation_id="actions_list",
        parameters=[ActionsQuerySerializer],
        responses={200: PlanItemSerializer(many=True), **PROBLEMS},
    )
    def get(self, request):
        query = ActionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = plan_rows(period=query.validated_data.get("period"))
        return Response(PlanItemSerializer(rows, many=True).data)


class KPIList(MonitoringView):
    """Every KPI with its values, targets, year figures and forecast (disclosure-controlled)."""

    @extend_schema(tags=["monitoring"], operation_id="kpis_list", responses={200: KPISerializer(many=True), **PROBLEMS})
    def get(self, request):
        return Response([kpi_document(kpi) for kpi in KPI.objects.select_related("line").order_by("slug")])


class KPIDetail(MonitoringView):
    """One KPI: definition, unit, source and owner; values per period; targets per year; per year the value (year
    to date when incomplete), target and forecast; and `forecast`, the forecast of the latest incomplete year, with
    its interval and the method in words. For a KPI that counts people, values from 1 to 9 are "<10"."""

    @extend_schema(
        tags=["monitoring"], operation_id="kpis_retrieve", responses={200: KPISerializer, **PROBLEMS, **NOT_FOUND}
    )
    def get(self, request, slug: str):
        return Response(kpi_document(get_object_or_404(KPI.objects.select_related("line"), slug=slug)))


class Statistics(MonitoringView):
    """Signals received per exploitation form and police unit, and per source and quarter, for a year. Every cell
    and total is a number or "<10": primary suppression of small counts and secondary suppression so no hidden
    cell can be worked out from a total."""

    @extend_schema(
        tags=["monitoring"],
        operation_id="statistics_retrieve",
        parameters=[StatisticsQuerySerializer],
        responses={200: StatisticsSerializer, **PROBLEMS},
    )
    def get(self, request):
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        return Response(statistics_document(year))


class InventoryList(MonitoringView):
    """The inventory of awareness campaigns and reporting points: campaigns first, then by Dutch name. Filters: `kind`,
    an exploitation `form`, `running` (today) and `period` (ran at some time in that half year; `state` is then given
    as on its last day)."""

    @extend_schema(
        tags=["monitoring"],
        operation_id="inventory_list",
        parameters=[InventoryQuerySerializer],
        responses={200: InventoryEntrySerializer(many=True), **PROBLEMS},
    )
    def get(self, request):
        query = InventoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        today = timezone.localdate()
        entries = inventory_filtered(
            kind=data.get("kind", ""), form=data.get("form", ""), running=data.get("running"), on=today
        )
        day = today
        if data.get("period"):
            first, day = period_bounds(data["period"])
            entries = [entry for entry in entries if entry.runs_between(first, day)]
        return Response(InventoryEntrySerializer(entries, many=True, context={"day": day}).data)
