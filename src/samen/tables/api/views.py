"""The tables API for partner systems: tables, agenda items in the minimised view, share records and the inbox.

Every list and detail goes through the module's selectors (not visible: 404); every change goes through its
services. Reading a signal's agenda item writes an audit event with the purpose and legal basis of the share that
lets the caller see it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from samen.audit.models import Action
from samen.audit.services import audit_record, audit_record_denied
from samen.signals.services import signal_subjects

from .. import services, workflow
from ..models import AgendaItem, DataShare, TableMember
from ..selectors import (
    agenda_items_visible_to,
    enrichments_visible,
    shares_received_by,
    shares_visible_to,
    signal_view_for,
    tables_visible_to,
)
from .permissions import SEE_SHARES, SEE_TABLES, AnyPermission
from .serializers import (
    AgendaItemSerializer,
    ProblemSerializer,
    ShareFeedbackSerializer,
    ShareFilterSerializer,
    ShareReturnSerializer,
    ShareSerializer,
    TableSerializer,
)

PROBLEM = "application/problem+json"
PROBLEMS = {
    (401, PROBLEM): OpenApiResponse(ProblemSerializer, description="Not signed in (no token or session)."),
    (403, PROBLEM): OpenApiResponse(ProblemSerializer, description="The caller's role lacks the permission."),
}
NOT_FOUND = {
    (404, PROBLEM): OpenApiResponse(ProblemSerializer, description="Not visible to the caller, or does not exist.")
}


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class TableScoped:
    permission_classes = [AnyPermission]
    required_any = SEE_TABLES
    pagination_class = Pagination

    def get_queryset(self):
        return (
            tables_visible_to(self.request.user)
            .select_related("region", "chair", "covenant")
            .prefetch_related(
                Prefetch("members", queryset=TableMember.objects.select_related("organisation")),
                "covenant__versions__covenant",
            )
            .order_by("name")
        )


@extend_schema(tags=["tables"], responses={200: TableSerializer(many=True), **PROBLEMS})
class TableList(TableScoped, generics.ListAPIView):
    """The signal and case tables the caller's organisation sits at."""

    serializer_class = TableSerializer


@extend_schema(tags=["tables"], responses={200: TableSerializer, **PROBLEMS, **NOT_FOUND})
class TableDetail(TableScoped, generics.RetrieveAPIView):
    """One table: region, chair, rhythm, members and the covenant version it works under."""

    serializer_class = TableSerializer


def _reading_share(user, item: AgendaItem) -> DataShare | None:
    """The live share that lets a member see this item: the table's own share first, else a routing share."""
    shares = DataShare.objects.filter(
        signal_id=item.signal_id, to_organisation_id=user.organisation_id, status__in=workflow.VISIBLE_TO_RECIPIENT
    )
    return shares.filter(kind=DataShare.Kind.TABLE, table_id=item.table_id).first() or shares.first()


@extend_schema(tags=["tables"], responses={200: AgendaItemSerializer(many=True), **PROBLEMS, **NOT_FOUND})
class TableItemList(generics.ListAPIView):
    """The agenda items of a table, each with the signal as far as the covenant lets the caller's party type see
    it. Classes of fields the caller may not see are absent. Every item returned is audited as a read."""

    permission_classes = [AnyPermission]
    required_any = SEE_TABLES
    pagination_class = Pagination
    serializer_class = AgendaItemSerializer

    def get_queryset(self):
        user = self.request.user
        table = generics.get_object_or_404(tables_visible_to(user), pk=self.kwargs["pk"])
        organisation = user.organisation_id
        # Only items whose signal the caller's organisation owns or holds a live share of: a revoked share takes
        # the item out of the list at once.
        live = DataShare.objects.filter(to_organisation_id=organisation, status__in=workflow.VISIBLE_TO_RECIPIENT)
        return (
            agenda_items_visible_to(user, table)
            .filter(Q(signal__organisation_id=organisation) | Q(signal_id__in=live.values("signal_id")))
            .select_related("signal__municipality", "signal__place_type", "session", "table")
            .prefetch_related("signal__forms", "signal__indicators")
            .order_by("added_at", "id")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # The reads and their audit events stand or fall together.
        with transaction.atomic():
            entries = [entry for item in page if (entry := self._entry(item)) is not None]
            data = self.get_serializer(entries, many=True).data
        return self.get_paginated_response(data)

    def _entry(self, item: AgendaItem) -> dict | None:
        user = self.request.user
        view = signal_view_for(user, item.signal)
        if view is None:
            return None
        share = None if view.is_owner else _reading_share(user, item)
        audit_record(
            actor=user,
            action=Action.READ,
            object_type="signals.signal",
            object_id=item.signal_id,
            subjects=signal_subjects(item.signal),
            purpose=share.purpose if share else item.purpose,
            legal_basis=share.legal_basis if share else "",
            reason=f"api:table-item:{item.pk}",
        )
        return {
            "item": item,
            "view": view,
            "findings": list(enrichments_visible(view, item, user)),
            "decision": item.decisions.select_related("recipient").order_by("decided_at", "id").last(),
        }

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation_id": self.request.user.organisation_id}


class ShareScoped:
    permission_classes = [AnyPermission]
    required_any = SEE_SHARES
    pagination_class = Pagination
    serializer_class = ShareSerializer

    def get_queryset(self):
        return (
            shares_visible_to(self.request.user)
            .select_related("from_organisation", "to_organisation", "table", "covenant_version__covenant", "decided_by")
            .prefetch_related("events")
        )


@extend_schema(
    tags=["shares"],
    parameters=[
        OpenApiParameter("status", str, enum=list(workflow.STATUSES), description="Only shares in this status."),
        OpenApiParameter("kind", str, enum=DataShare.Kind.values, description="table or routing."),
        OpenApiParameter(
            "inbox", bool, description="true: only routing tasks sent to the caller's organisation (its inbox)."
        ),
    ],
    responses={
        200: ShareSerializer(many=True),
        (400, PROBLEM): OpenApiResponse(ProblemSerializer, description="A filter has a value that is not allowed."),
        **PROBLEMS,
    },
)
class ShareList(ShareScoped, generics.ListAPIView):
    """Shares the caller may see as records: to or from its organisation; a privacy officer sees every share.
    Each carries its legal basis (code, label, article) and purpose."""

    def get_queryset(self):
        filters = ShareFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        shares = super().get_queryset()
        if filters.validated_data["inbox"]:
            shares = shares.filter(pk__in=shares_received_by(self.request.user).values("pk"))
        if "status" in filters.validated_data:
            shares = shares.filter(status=filters.validated_data["status"])
        if "kind" in filters.validated_data:
            shares = shares.filter(kind=filters.validated_data["kind"])
        return shares.order_by("-decided_at", "-id")


@extend_schema(tags=["shares"], responses={200: ShareSerializer, **PROBLEMS, **NOT_FOUND})
class ShareDetail(ShareScoped, generics.RetrieveAPIView):
    """One share record. A revoked share is no longer visible to its recipient."""


class ShareConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "transition_not_allowed"


class ShareRefused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "refused"


ACTION_PROBLEMS = {
    **PROBLEMS,
    # Replaces the generic 403: here it also means "not the recipient".
    (403, PROBLEM): OpenApiResponse(
        ProblemSerializer,
        description="The caller's organisation is not the recipient, or its role lacks the permission.",
    ),
    **NOT_FOUND,
    (409, PROBLEM): OpenApiResponse(
        ProblemSerializer, description="The share is not in a status that allows this step."
    ),
    (422, PROBLEM): OpenApiResponse(
        ProblemSerializer, description="Refused, e.g. reason_required or feedback_required."
    ),
}


class ShareAction(ShareScoped, generics.GenericAPIView):
    """Base of the inbox actions: find the share among those visible (404), let the service decide (403, 409,
    422), answer with the share as it is now."""

    input_serializer = None

    def post(self, request, pk):
        share = self.get_object()
        values = {}
        if self.input_serializer is not None:
            body = self.input_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            values = body.validated_data
        try:
            share = self.perform(share, request.user, **values)
        except PermissionDenied as error:
            audit_record_denied(
                actor=request.user, object_type="tables.datashare", object_id=share.pk, reason=str(error)[:255]
            )
            raise exceptions.PermissionDenied() from error
        except services.TableError as error:
            exception = ShareConflict if error.code == "transition_not_allowed" else ShareRefused
            raise exception(detail=str(error.messages[0]), code=error.code) from error
        return Response(
            ShareSerializer(self.get_queryset().get(pk=share.pk), context=self.get_serializer_context()).data
        )

    def perform(self, share: DataShare, user, **values) -> DataShare:
        raise NotImplementedError


@extend_schema(tags=["shares"], request=None, responses={200: ShareSerializer, **ACTION_PROBLEMS})
class ShareAccept(ShareAction):
    """The recipient accepts a task from its inbox."""

    def perform(self, share, user, **values):
        return services.share_accept(share=share, by=user)


@extend_schema(tags=["shares"], request=ShareReturnSerializer, responses={200: ShareSerializer, **ACTION_PROBLEMS})
class ShareReturn(ShareAction):
    """The recipient returns a task, with the reason."""

    input_serializer = ShareReturnSerializer

    def perform(self, share, user, **values):
        return services.share_return(share=share, by=user, reason=values["reason"])


@extend_schema(tags=["shares"], request=ShareFeedbackSerializer, responses={200: ShareSerializer, **ACTION_PROBLEMS})
class ShareFeedback(ShareAction):
    """The recipient reports back on an accepted task (terugkoppeling)."""

    input_serializer = ShareFeedbackSerializer

    def perform(self, share, user, **values):
        return services.share_feed_back(share=share, by=user, text=values["text"])
