"""GET /api/v1/guide/route: the Wegwijzer's answer as JSON, for partner websites and apps. Public: no account, no
cookie. The query parameters are checked by the same form as the HTML pages; every problem is named in
application/problem+json."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from samen.web.api import problem_body

from ..choices import AGES, FORMS, ORIGINS, WHO
from ..display import contact_views
from ..forms import GuideForm
from ..languages import CONTENT_LANGUAGES
from ..places import Place
from ..routing import InvalidAnswer, route
from ..services import ruleset_published
from .serializers import GuideProblemSerializer, GuideRouteSerializer

PROBLEM = "application/problem+json"


def _parameter(name, description, *, enum=None, required=False, type_=OpenApiTypes.STR):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=required, enum=enum, description=description)


PARAMETERS = [
    _parameter(
        "who", "Who asks: a possible victim, someone worried about another, or a professional.", enum=WHO, required=True
    ),
    _parameter(
        "danger", "Is someone in danger right now? `true` puts 112 first.", enum=("true", "false"), required=True
    ),
    _parameter("form", "What is happening: the form of exploitation (default `unknown`).", enum=FORMS),
    _parameter("age", "Is the person younger than 18 (default `unknown`).", enum=AGES),
    _parameter(
        "municipality",
        "Where: CBS code (`GM0363`, `363`), name (`Amsterdam`) or postcode (`1012 AB`, `1012AB`, `1012`; only "
        "when the operator loaded the postcode file, else `unknown_municipality`). Regional contacts are those of "
        "its region; `municipality` in the answer says which municipality was used. Four digits alone are a "
        "postcode first, a CBS code second.",
    ),
    _parameter(
        "lang",
        "Language of the texts (default `nl`); untranslated texts come in English.",
        enum=tuple(CONTENT_LANGUAGES),
    ),
    _parameter("origin", "Where the person comes from (default `unknown`).", enum=ORIGINS),
    _parameter("border", "At a border, in a port or at an airport (default `false`).", enum=("true", "false")),
    _parameter(
        "unaccompanied", "A minor in the Netherlands without parents (default `false`).", enum=("true", "false")
    ),
]
ALLOWED = tuple(parameter.name for parameter in PARAMETERS)


def _problem(status_code: int, code: str, title: str, invalid_params=None) -> Response:
    body = problem_body(status_code=status_code, code=code, title=title, invalid_params=invalid_params)
    return _private(Response(body, status=status_code, content_type=PROBLEM))


def _private(response):
    # The answers are sensitive: no cache may keep them, and no page a caller links to learns them.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _query_problems(query) -> list[dict]:
    problems = []
    for name in query:
        if name not in ALLOWED:
            problems.append(
                {"name": name[:50], "code": "unknown_parameter", "reason": _("This parameter is not known.")}
            )
        elif len(query.getlist(name)) > 1:
            problems.append({"name": name, "code": "repeated", "reason": _("Give this parameter once.")})
    return problems


def _form_problems(form: GuideForm) -> list[dict]:
    return [
        {"name": name, "code": error.code or "invalid", "reason": message}
        for name, errors in form.errors.as_data().items()
        for error, message in zip(errors, form.errors[name], strict=True)
    ]


def _place(place: Place | None) -> dict | None:
    if place is None:
        return None
    return {
        "code": place.code,
        "name": place.name,
        "postcode": place.postcode or None,
        "postcode_area_split": place.split,
    }


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url.startswith("/") and not url.startswith("//") else url


class GuideRoute(APIView):
    """Whom to contact, in order, for a visitor's answers."""

    authentication_classes = []  # public, and it must never set or read a session cookie
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="guide_route",
        summary="The Wegwijzer's advice: whom to contact, in order",
        description=(
            "Public, no authentication. The same answer as the Wegwijzer's pages (/wegwijzer/), from the "
            "published routing rules. Each contact has a stable `kind`; regional contacts are those of the "
            "municipality's region. Every unknown, repeated, missing or wrong parameter is named in "
            "`invalid_params` of an application/problem+json answer."
        ),
        parameters=PARAMETERS,
        responses={
            200: GuideRouteSerializer,
            (400, PROBLEM): OpenApiResponse(
                GuideProblemSerializer,
                description="A parameter is missing, unknown or wrong (e.g. code unknown_municipality).",
            ),
            (503, PROBLEM): OpenApiResponse(GuideProblemSerializer, description="No rules are published yet."),
        },
        auth=[],
    )
    def get(self, request):
        # The site's URLs carry the language (/en/...); the API's do not, so its messages follow Accept-Language.
        with translation.override(translation.get_language_from_request(request)):
            return self._route(request)

    def _route(self, request):
        query = request.query_params
        problems = _query_problems(query)
        form = GuideForm({name: query[name] for name in ALLOWED if name in query}, default_lang="nl")
        if not form.is_valid():
            problems += _form_problems(form)
        if problems:
            return _problem(400, "invalid", _("The request has invalid parameters."), problems)
        answers = form.answers()
        ruleset = ruleset_published()
        if ruleset is None:
            return _problem(503, "no_ruleset", _("The guide has no published rules yet."))
        try:
            advice = route(ruleset.rules, answers)
        except InvalidAnswer as error:
            reason = _("This value is not known.")
            problem = {"name": error.parameter, "code": error.code, "reason": reason}
            return _problem(400, "invalid", _("The request has invalid parameters."), [problem])
        contacts = contact_views(advice, lang=answers.lang, link_language="en" if answers.lang == "en" else "nl")
        data = {
            "contacts": [
                {
                    "kind": contact.kind,
                    "name": contact.name,
                    "why": contact.why,
                    "description": contact.description,
                    "phone": contact.phone,
                    "url": _absolute(request, contact.url),
                    "chat_url": contact.chat_url,
                    "walk_in": contact.walk_in,
                    "hours": contact.hours,
                    "languages": contact.languages,
                    "anonymous": contact.anonymous,
                    "regional": contact.regional,
                    "region": contact.region or None,
                    "translation_pending": contact.translation_pending,
                }
                for contact in contacts
            ],
            "municipality": _place(form.place),
            "ruleset_version": ruleset.version,
            "lang": answers.lang,
        }
        return _private(Response(GuideRouteSerializer(data).data, status=status.HTTP_200_OK))
