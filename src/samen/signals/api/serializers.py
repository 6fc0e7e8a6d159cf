"""The JSON shape of a signal for partner systems. The same shape is one line of a JSON Lines import, and a CSV row
is turned into it, so every channel of bulk data is checked by one serializer.

Type and length problems get the same stable codes as the services' vocabulary checks ("too_long", "too_many",
"invalid_date", ...), so a partner sees one code per problem whichever layer found it."""

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from ..errors import MESSAGES, SignalInvalid
from ..inputs import PersonInput, SignalInput
from ..models import Identifier, InvolvedPerson, Signal
from ..services import MAX_IDENTIFIERS, MAX_PERSONS, TEXT_LIMITS

# Messages for the codes only the API and import use; the shared codes live in samen.signals.errors.
API_MESSAGES = {
    "unknown_field": _("This field is not known. Check its spelling."),
    "invalid_characters": _("Remove control characters and characters that are not valid text."),
    "invalid": _("This value has the wrong type or form."),
    "not_a_list": _("Give a list of values."),
    "not_an_object": _("Give an object with named fields."),
    "not_a_boolean": _("Answer true or false."),
    "not_an_integer": _("Give a whole number."),
}
# DRF's own codes, folded onto ours. Anything not listed keeps DRF's code.
CODE_ALIASES = {
    "max_length": "too_long",
    "max_string_length": "too_long",
    "null_characters_not_allowed": "invalid_characters",
    "surrogate_characters_not_allowed": "invalid_characters",
    "blank": "required",
    "null": "required",
}
MAX_NAME_LENGTH = 100  # field names are echoed back in errors: never echo a huge or broken one


@dataclass(frozen=True)
class Problem:
    """One problem with one field: its dotted path ("persons.0.identifiers.1.kind"), a stable code, a message."""

    field: str
    code: str
    message: str


class BodyInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def safe_name(name: object) -> str:
    """A field name fit to echo: short, and without the lone surrogates that cannot be encoded as UTF-8."""
    text = str(name)[:MAX_NAME_LENGTH]
    return text.encode("utf-8", "replace").decode("utf-8")


def message_for(code: str, fallback: str = "") -> str:
    message = MESSAGES.get(code) or API_MESSAGES.get(code)
    return str(message) if message else fallback or code


def _flatten(detail, prefix: str, out: list[Problem]) -> None:
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else safe_name(key)
            _flatten(value, f"{prefix}.{name}".strip(".") if name else prefix, out)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, Mapping | list):
                _flatten(value, f"{prefix}.{index}".strip("."), out)
            else:
                _flatten(value, prefix, out)
    else:
        raw = getattr(detail, "code", None) or "invalid"
        code = CODE_ALIASES.get(raw, raw)
        # Our wording for our codes; DRF's own (translated) wording for the codes it owns.
        message = MESSAGES.get(code) or (API_MESSAGES.get(code) if code != raw else None) or str(detail)
        out.append(Problem(prefix or "body", code, str(message)))


def problems_from_serializer(errors) -> list[Problem]:
    problems: list[Problem] = []
    _flatten(errors, "", problems)
    return [_refine(problem) for problem in problems]


def problems_from_service(error: SignalInvalid) -> list[Problem]:
    messages = error.messages()
    return [
        Problem(path, code, message)
        for path, codes in error.errors.items()
        for code, message in zip(codes, messages[path], strict=True)
    ]


LIST_FIELDS = {"forms", "indicators", "persons", "identifiers"}
DATE_FIELDS = {"observed_on", "date_of_birth", "date_from", "date_to"}


def _refine(problem: Problem) -> Problem:
    """DRF says "invalid" for many things; name them: a list over its limit is "too_many", a malformed date
    "invalid_date"."""
    last = problem.field.rsplit(".", 1)[-1]
    if problem.code == "too_long" and last in LIST_FIELDS:
        return Problem(problem.field, "too_many", message_for("too_many"))
    if problem.code == "invalid" and last in DATE_FIELDS:
        return Problem(problem.field, "invalid_date", message_for("invalid_date"))
    if problem.code == "invalid" and last == "immediate_danger":
        return Problem(problem.field, "not_a_boolean", message_for("not_a_boolean"))
    if problem.code == "invalid" and last == "estimated_age":
        return Problem(problem.field, "not_an_integer", message_for("not_an_integer"))
    return problem


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt "persons" must not silently drop the people in it."""

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": [ErrorDetail(message_for("not_an_object"), code="not_an_object")]}
            )
        unknown = {
            safe_name(key): [ErrorDetail(message_for("unknown_field"), code="unknown_field")]
            for key in data
            if key not in self.fields
        }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                error.detail.update(unknown)
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def _text(limit: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=limit, required=False, allow_blank=True, allow_null=True, default="", **kwargs
    )


def _codes(limit: int, help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=64), max_length=limit, required=False, default=list, help_text=help_text
    )


class IdentifierInSerializer(StrictSerializer):
    kind = serializers.CharField(
        max_length=16, help_text="phone, iban, plate, postcode, address, handle, url, email, name"
    )
    value = serializers.CharField(max_length=500, allow_blank=True, help_text="As known; kept as given and normalised.")


class PersonInSerializer(StrictSerializer):
    role = serializers.CharField(max_length=32, help_text="possible-victim, possible-perpetrator or other")
    name = _text(TEXT_LIMITS["name"])
    alias = _text(TEXT_LIMITS["alias"])
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None, help_text="YYYY-MM-DD")
    estimated_age = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="In years.")
    gender = _text(16, help_text="Gender code from the vocabulary: female, male, non-binary, unknown.")
    nationality = _text(TEXT_LIMITS["nationality"])
    languages = _text(TEXT_LIMITS["languages"])
    identifiers = IdentifierInSerializer(many=True, required=False, default=list, max_length=MAX_IDENTIFIERS)


class SignalInSerializer(StrictSerializer):
    """What a partner system sends. Codes come from the vocabulary (`/api/v1/schema/` lists none of them: they are
    versioned data; see docs/import.md)."""

    source_type = serializers.CharField(max_length=64, help_text="Source type code, e.g. partner-system.")
    account = serializers.CharField(
        max_length=TEXT_LIMITS["account"], allow_blank=True, help_text="What was observed, in the reporter's words."
    )
    forms = _codes(20, "Exploitation form codes; empty: unknown.")
    indicators = _codes(100, "Indicator codes; each implies its form.")
    municipality = _text(100, help_text="CBS code (GM0363) or the municipality's name.")
    place_type = _text(64, help_text="Place type code: house, hotel, park, ...")
    observed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="YYYY-MM-DD")
    immediate_danger = serializers.BooleanField(required=False, allow_null=True, default=False)
    minor_involved = serializers.CharField(
        max_length=8, required=False, allow_null=True, default="unknown", help_text="yes, no or unknown"
    )
    own_reference = _text(TEXT_LIMITS["own_reference"], help_text="The sender's own reference.")
    persons = PersonInSerializer(many=True, required=False, default=list, max_length=MAX_PERSONS)
    identifiers = IdentifierInSerializer(many=True, required=False, default=list, max_length=MAX_IDENTIFIERS)


def _pairs(items) -> list[tuple[str, str]]:
    return [(item["kind"], item["value"]) for item in items]


_per_thread = threading.local()


def _signal_in_serializer() -> SignalInSerializer:
    """One serializer per thread, reused: building one deep-copies every declared field, which cost more than
    checking a row (an import checks hundreds of thousands). `run_validation` keeps no state between calls."""
    if not hasattr(_per_thread, "serializer"):
        _per_thread.serializer = SignalInSerializer()
    return _per_thread.serializer


def signal_input_from(data: object) -> SignalInput:
    """Check the types and lengths of a JSON body (or import row) and turn it into the services' input.
    Raises BodyInvalid with every problem found."""
    if not isinstance(data, Mapping):
        raise BodyInvalid([Problem("body", "not_an_object", message_for("not_an_object"))])
    try:
        values = _signal_in_serializer().run_validation(data)
    except ValidationError as error:
        raise BodyInvalid(problems_from_serializer(error.detail)) from error
    return SignalInput(
        source_type=values["source_type"],
        account=values["account"],
        forms=list(values["forms"]),
        indicators=list(values["indicators"]),
        municipality=values["municipality"] or "",
        place_type=values["place_type"] or "",
        observed_on=values["observed_on"],
        immediate_danger=bool(values["immediate_danger"]),
        minor_involved=values["minor_involved"] or "unknown",
        own_reference=values["own_reference"] or "",
        identifiers=_pairs(values["identifiers"]),
        persons=[
            PersonInput(
                role=person["role"],
                name=person["name"] or "",
                alias=person["alias"] or "",
                date_of_birth=person["date_of_birth"],
                estimated_age=person["estimated_age"],
                gender=person["gender"] or "",
                nationality=person["nationality"] or "",
                languages=person["languages"] or "",
                identifiers=_pairs(person["identifiers"]),
            )
            for person in values["persons"]
        ],
    )


# Answers


class SignalCreatedSerializer(serializers.ModelSerializer):
    """The answer to a submission: enough to refer to the signal and to know how urgent triage found it."""

    class Meta:
        model = Signal
        fields = ["id", "reference", "urgency", "triage", "status", "received_at"]


class IdentifierOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Identifier
        fields = ["kind", "value", "normalised", "is_valid", "problem"]


class PersonOutSerializer(serializers.ModelSerializer):
    identifiers = IdentifierOutSerializer(many=True, read_only=True)

    class Meta:
        model = InvolvedPerson
        fields = [
            "id",
            "role",
            "name",
            "alias",
            "date_of_birth",
            "estimated_age",
            "gender",
            "nationality",
            "languages",
            "identifiers",
        ]


class SignalListItemSerializer(serializers.ModelSerializer):
    """A row of the list: no personal data (no account, no persons), so a list can be shown widely."""

    source_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    forms = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    place_type = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "reference",
            "received_at",
            "observed_on",
            "status",
            "urgency",
            "source_type",
            "channel",
            "forms",
            "municipality",
            "place_type",
            "minor_involved",
            "immediate_danger",
            "own_reference",
        ]


class SignalPageSerializer(serializers.Serializer):
    """One page of the list."""

    count = serializers.IntegerField(
        help_text="Signals matching, on all pages; at most 1,000: past that, 1,000 and `count_exact` is false."
    )
    count_exact = serializers.BooleanField(
        help_text="False when more than `count` signals match: follow `next` to page on past them."
    )
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    results = SignalListItemSerializer(many=True)


class SignalDetailSerializer(SignalListItemSerializer):
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    vocabulary_version = serializers.CharField(source="vocabulary_version.version", read_only=True)
    persons = PersonOutSerializer(many=True, read_only=True)
    identifiers = serializers.SerializerMethodField()

    class Meta(SignalListItemSerializer.Meta):
        fields = [
            *SignalListItemSerializer.Meta.fields,
            "account",
            "indicators",
            "triage",
            "organisation",
            "vocabulary_version",
            "persons",
            "identifiers",
        ]

    def get_identifiers(self, signal) -> list[dict]:
        """Identifiers of the signal itself; a person's identifiers are listed under that person."""
        rows = [identifier for identifier in signal.identifiers.all() if identifier.person_id is None]
        return IdentifierOutSerializer(rows, many=True).data


class SignalFilterSerializer(StrictSerializer):
    """The list's query parameters."""

    form = serializers.CharField(max_length=64, required=False, allow_blank=True)
    status = serializers.CharField(max_length=16, required=False, allow_blank=True)
    urgency = serializers.CharField(max_length=16, required=False, allow_blank=True)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    q = serializers.CharField(max_length=200, required=False, allow_blank=True)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


# Problems and import reports, for the schema


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Dotted path of the field, e.g. persons.0.identifiers.1.kind")
    code = serializers.CharField(help_text="Stable machine code, e.g. unknown_identifier_kind")
    reason = serializers.CharField(help_text="Readable message in the caller's language (Accept-Language).")


class ProblemSerializer(serializers.Serializer):
    """application/problem+json (RFC 9457)."""

    type = serializers.CharField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    invalid_params = InvalidParamSerializer(many=True, required=False)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Line number in the file (CSV: the header is row 1).")
    field = serializers.CharField(help_text="Column (CSV) or dotted path (JSON Lines); 'row' for the whole row.")
    code = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    mode = serializers.CharField()
    format = serializers.CharField()
    rows = serializers.IntegerField(help_text="Rows read.")
    accepted = serializers.IntegerField(help_text="Rows stored as signals.")
    rejected = serializers.IntegerField(help_text="Rows with errors.")
    stored = serializers.BooleanField(help_text="False when all-or-nothing stored nothing.")
    errors = RowErrorSerializer(many=True)
    errors_omitted = serializers.IntegerField(help_text="Row errors left out of `errors` to keep the answer small.")


class ImportProblemSerializer(ProblemSerializer):
    """An all-or-nothing import that stored nothing: the problem, with the full report in it."""

    report = ImportReportSerializer()


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (.csv) or JSON Lines (.jsonl, .ndjson), UTF-8.")
    mode = serializers.ChoiceField(choices=["all-or-nothing", "accept-valid"], required=False)
    format = serializers.ChoiceField(choices=["csv", "jsonl"], required=False, help_text="Default: from the name.")
