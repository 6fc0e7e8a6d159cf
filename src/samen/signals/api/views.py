"""The signals API: submit (with Idempotency-Key), list and detail scoped to the caller, and bulk import.
Views translate between HTTP and the services; every refusal is application/problem+json with invalid_params."""

import re

from django.core.exceptions import RequestDataTooBig
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.web.api import problem_body, problem_exception_handler
from samen.web.pagination import CappedPaginator

from ..errors import SignalInvalid
from ..importing import ALL_OR_NOTHING, ImportRefused, format_for, signals_import
from ..models import Channel
from ..selectors import NEWEST_WINDOW, signal_visible_to, signals_filter, signals_newest, signals_visible_to
from ..services import idempotent_submit, signal_subjects, signal_submit
from .permissions import SUBMIT_SIGNALS, VIEW_SIGNALS, MethodPermission
from .serializers import (
    BodyInvalid,
    ImportProblemSerializer,
    ImportReportSerializer,
    ImportUploadSerializer,
    Problem,
    ProblemSerializer,
    SignalCreatedSerializer,
    SignalDetailSerializer,
    SignalFilterSerializer,
    SignalInSerializer,
    SignalListItemSerializer,
    SignalPageSerializer,
    problems_from_serializer,
    problems_from_service,
    signal_input_from,
)

PURPOSE = "signal-intake"
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, as HTTP header values safely are
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_LINES = 10_000  # larger files: `samen import signals`, which streams without a request time limit
PROBLEM = "application/problem+json"


# Problems


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = gettext_lazy("This Idempotency-Key was used before with a different request body.")
    param = "Idempotency-Key"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = gettext_lazy("The request is too large.")
    param = "body"


class SafeJSONParser(JSONParser):
    """JSON that nests too deep, or names an odd charset, is a bad request like any other malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise
        except (RecursionError, LookupError, TypeError, ValueError) as error:
            raise exceptions.ParseError(_("The body is not valid JSON."), code="parse_error") from error


def invalid(problems: list[Problem]) -> exceptions.ValidationError:
    detail: dict[str, list[ErrorDetail]] = {}
    for problem in problems:
        detail.setdefault(problem.field, []).append(ErrorDetail(problem.message, code=problem.code))
    return exceptions.ValidationError(detail)


# Where a refusal names no field, say which part of the request it is about.
PARAMS = {
    exceptions.ParseError: "body",
    exceptions.UnsupportedMediaType: "Content-Type",
    exceptions.NotAcceptable: "Accept",
    exceptions.MethodNotAllowed: "method",
}


def signals_exception_handler(exc, context):
    response = problem_exception_handler(exc, context)
    if response is None:
        return None
    body = response.data
    if response.status_code < 500 and "invalid_params" not in body and response.status_code not in (401, 403, 404):
        name = getattr(exc, "param", None) or PARAMS.get(type(exc), "body")
        body["invalid_params"] = [{"name": name, "code": body["code"], "reason": body["title"]}]
    return response


PROBLEMS = {
    (status_code, PROBLEM): OpenApiResponse(ProblemSerializer, description=description)
    for status_code, description in {
        400: "Invalid body or fields: `invalid_params` names each field with a stable code.",
        401: "No or wrong token.",
        403: "The account lacks the permission.",
    }.items()
}


class SignalsAPIView(APIView):
    renderer_classes = [JSONRenderer]
    permission_classes = [MethodPermission]
    required_permissions: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        # API paths carry no language prefix, so LocaleMiddleware settles on the default; a partner system says
        # which language it wants its problem messages in with Accept-Language.
        translation.activate(translation.get_language_from_request(request._request))
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self):
        return signals_exception_handler


# Submit and list


COUNT_CAP = 1000  # as the HTML list: counting hundreds of thousands of matches costs more than the page itself


class SignalPagination(PageNumberPagination):
    """Pages as the HTML list makes them: the count stops past COUNT_CAP (`count_exact` says so) and a page is read
    from the newest signals first when `newest` is set (see CappedPaginator)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    newest = None

    def django_paginator_class(self, queryset, page_size):
        return CappedPaginator(queryset, page_size, cap=COUNT_CAP, newest=self.newest)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": min(paginator.count, paginator.cap),
                "count_exact": not paginator.more,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


def _raw_body(request) -> bytes:
    try:
        return request.body
    except RequestDataTooBig as error:
        raise PayloadTooLarge() from error


def _idempotency_key(request) -> str:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return ""
    if not IDEMPOTENCY_KEY.match(key):
        raise invalid(
            [
                Problem(
                    "Idempotency-Key",
                    "invalid_idempotency_key",
                    _("Use 1 to 200 visible ASCII characters, e.g. a UUID."),
                )
            ]
        )
    return key


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional, recommended: a unique key per signal (e.g. a UUID), 1-200 visible ASCII characters. A retry "
        "with the same key and the same body bytes returns the signal made the first time (200, header "
        "`Idempotent-Replayed: true`) and never makes a second one; the same key with another body is refused "
        "(422, code `idempotency_key_reused`). Without the header every request makes a new signal."
    ),
)


class SignalListCreate(SignalsAPIView):
    parser_classes = [SafeJSONParser]
    required_permissions = {"GET": VIEW_SIGNALS, "HEAD": VIEW_SIGNALS, "POST": SUBMIT_SIGNALS}

    @extend_schema(
        operation_id="signals_create",
        summary="Submit a signal",
        description=(
            "For partner systems and online monitoring. Needs a token of an account with the permission "
            "`signals.submit_signals_api`; the signal belongs to that account's organisation. Answers 201 with a "
            "Location header, or 200 for a retry with a known Idempotency-Key."
        ),
        request=SignalInSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: SignalCreatedSerializer,
            200: OpenApiResponse(SignalCreatedSerializer, description="A retry: the signal made the first time."),
            **PROBLEMS,
            (413, PROBLEM): OpenApiResponse(ProblemSerializer, description="Body over 2.5 MB."),
            (415, PROBLEM): OpenApiResponse(ProblemSerializer, description="Send application/json."),
            (422, PROBLEM): OpenApiResponse(ProblemSerializer, description="Idempotency-Key reused, other body."),
        },
    )
    def post(self, request):
        key = _idempotency_key(request)
        body = _raw_body(request)
        try:
            data = signal_input_from(request.data)
        except BodyInvalid as error:
            raise invalid(error.problems) from error
        user = request.user

        def submit(idempotency=None):
            return signal_submit(
                data=data, organisation=user.organisation, channel=Channel.API, reporter=user, idempotency=idempotency
            )

        try:
            if key:
                signal, created = idempotent_submit(owner=user, key=key, body=body, submit=submit)
            else:
                signal, created = submit(), True
        except SignalInvalid as error:
            raise invalid(problems_from_service(error)) from error
        except ValueError as error:
            if error.args == ("idempotency_key_reused",):
                raise IdempotencyKeyReused() from error
            raise
        response = Response(
            SignalCreatedSerializer(signal).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
        response["Location"] = reverse("api:signal-detail", kwargs={"pk": signal.pk})
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        operation_id="signals_list",
        summary="List the signals visible to the caller",
        description=(
            "The signals of the caller's organisation, newest first, without personal data; needs "
            "`signals.view_signals`. Each call is written to the audit trail. The count stops at 1,000 "
            "(`count_exact` is then false); `next` pages on past it."
        ),
        parameters=[SignalFilterSerializer],
        responses={
            200: SignalPageSerializer,
            **PROBLEMS,
            (404, PROBLEM): OpenApiResponse(ProblemSerializer, description="A page past the last one."),
        },
    )
    def get(self, request):
        filters = SignalFilterSerializer(data={k: v for k, v in request.query_params.items() if k != "format"})
        if not filters.is_valid():
            raise invalid(problems_from_serializer(filters.errors))
        values = filters.validated_data
        signals = signals_filter(
            signals_visible_to(request.user),
            form=values.get("form", ""),
            status=values.get("status", ""),
            urgency=values.get("urgency", ""),
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
            text=values.get("q", ""),
        )
        signals = signals.select_related("source_type", "municipality", "place_type").prefetch_related("forms")
        paginator = SignalPagination()
        paginator.newest = signals_newest(signals_visible_to(request.user), signals, size=NEWEST_WINDOW)
        page = paginator.paginate_queryset(signals, request, view=self)
        # The filter names, not their values: a search text may itself be personal data.
        used = ",".join(sorted(name for name in values if name not in ("page", "page_size") and values[name]))
        audit_record(
            actor=request.user,
            action=Action.SEARCH,
            object_type="signals.signal",
            purpose=PURPOSE,
            reason=f"api list; filters: {used or 'none'}",
        )
        return paginator.get_paginated_response(SignalListItemSerializer(page, many=True).data)


class SignalDetail(SignalsAPIView):
    required_permissions = {"GET": VIEW_SIGNALS, "HEAD": VIEW_SIGNALS}

    @extend_schema(
        operation_id="signals_retrieve",
        summary="One signal with its persons and identifiers",
        description="Needs `signals.view_signals`; a signal of another organisation is 404. Every read is audited.",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The signal's id.")],
        responses={
            200: SignalDetailSerializer,
            **PROBLEMS,
            (404, PROBLEM): OpenApiResponse(ProblemSerializer, description="No such signal visible to the caller."),
        },
    )
    def get(self, request, pk: str):
        signal = signal_visible_to(request.user, int(pk)) if pk.isascii() and pk.isdigit() else None
        if signal is None:
            raise exceptions.NotFound()
        prefetch_related_objects([signal], "persons__identifiers", "identifiers", "forms", "indicators")
        audit_record(
            actor=request.user,
            action=Action.READ,
            object_type="signals.signal",
            object_id=signal.pk,
            subjects=signal_subjects(signal),
            purpose=PURPOSE,
        )
        return Response(SignalDetailSerializer(signal).data)


# Import


def _count_lines(stream, limit: int) -> int:
    """Lines in the upload, counted without holding it: refuse a file too long to import within one request."""
    lines = 0
    while chunk := stream.read(1 << 16):
        lines += chunk.count(b"\n")
        if lines > limit:
            break
    stream.seek(0)
    return lines


class SignalImport(SignalsAPIView):
    parser_classes = [MultiPartParser]
    required_permissions = {"POST": SUBMIT_SIGNALS}

    @extend_schema(
        operation_id="signals_import",
        summary="Import signals from a CSV or JSON Lines file",
        description=(
            "Multipart upload, field `file` (.csv or .jsonl, UTF-8, at most 10 MB and 10,000 lines; larger files "
            "with `samen import signals`). `mode=all-or-nothing` (default) stores nothing when any row fails and "
            "then answers 422 with the report; `mode=accept-valid` stores the valid rows and answers 200 with the "
            "report. The columns are described in docs/import.md."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: ImportReportSerializer,
            **PROBLEMS,
            (413, PROBLEM): OpenApiResponse(ProblemSerializer, description="File over 10 MB or 10,000 lines."),
            (415, PROBLEM): OpenApiResponse(ProblemSerializer, description="Send multipart/form-data."),
            (422, PROBLEM): OpenApiResponse(ImportProblemSerializer, description="all-or-nothing: rows failed."),
        },
    )
    def post(self, request):
        upload = ImportUploadSerializer(data=request.data)
        if not upload.is_valid():
            raise invalid(problems_from_serializer(upload.errors))
        values = upload.validated_data
        file = values["file"]
        mode = values.get("mode") or ALL_OR_NOTHING
        if file.size > MAX_IMPORT_BYTES or _count_lines(file.file, MAX_IMPORT_LINES) > MAX_IMPORT_LINES:
            raise PayloadTooLarge(_("Import at most 10 MB and 10,000 lines through the API."))
        try:
            fmt = format_for(file.name, values.get("format"))
            report = signals_import(
                stream=file.file, fmt=fmt, mode=mode, organisation=request.user.organisation, actor=request.user
            )
        except ImportRefused as error:
            raise invalid([Problem(error.field, error.code, error.message)]) from error
        data = ImportReportSerializer(report).data
        if report.stored:
            return Response(data)
        body = problem_body(
            status_code=422,
            code="import_rejected",
            title=_("Nothing was imported: some rows have errors."),
            invalid_params=[
                {
                    "name": f"rows.{error.row}" + (f".{error.field}" if error.field else ""),
                    "code": error.code,
                    "reason": error.message,
                }
                for error in report.errors
            ],
        )
        return Response({**body, "report": data}, status=422, content_type=PROBLEM)
