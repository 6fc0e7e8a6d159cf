"""API plumbing shared by every app: errors as application/problem+json (RFC 9457) with stable codes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

PROBLEM_TYPE = "https://samen.example/problems/"


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"
    format = "problem+json"


def problem_body(*, status_code: int, code: str, title: str, detail: str = "", invalid_params=None) -> dict:
    body = {"type": PROBLEM_TYPE + code, "code": code, "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if invalid_params:
        body["invalid_params"] = invalid_params
    return body


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    params = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            params += _invalid_params(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params += _invalid_params(value, f"{prefix}.{index}")
            else:
                params.append(
                    {
                        "name": prefix or "nonFieldErrors",
                        "code": getattr(value, "code", "invalid"),
                        "reason": str(value),
                    }
                )
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return params


def problem_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            status_code=response.status_code,
            code="invalid",
            title=_("The request has invalid fields."),
            invalid_params=_invalid_params(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        body = problem_body(
            status_code=response.status_code,
            code=getattr(detail, "code", None) or getattr(exc, "default_code", "error"),
            title=str(detail) or _("The request failed."),
        )
    response.data = body
    response.content_type = "application/problem+json"
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    return response
