"""JSON shapes of the tables API: tables, agenda items with the minimised signal view, and share records.

The minimised view is built per field class: a class the caller's party type may not see under the covenant is an
absent key, never a null or an empty list, so nothing withheld can leak through a field that "happens to be empty".
Share records carry codes and organisation names, never the shared content itself.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from samen.taxonomy.selectors import terms_current

from .. import fields, workflow
from ..models import AgendaItem, CovenantVersion, DataShare, Table
from ..selectors import SignalView

# Which keys of the minimised signal belong to which field class. A key is present only when its class is allowed.
SIGNAL_KEYS_BY_CLASS = {
    fields.BASIC: ["reference", "received_at", "observed_on", "forms", "urgency", "immediate_danger"],
    fields.PLACE: ["municipality", "place_type"],
    fields.ACCOUNT: ["account"],
    fields.INDICATORS: ["indicators"],
    fields.PERSONS: ["minor_involved", "persons"],
    fields.IDENTIFIERS: ["identifiers"],
    fields.ATTACHMENTS: ["attachments"],
}


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# Plain strings in the schema, values named in the help text: an enum component named "status" or "kind" would
# rename the other apps' enums of the same name (drf-spectacular resolves such collisions by renaming them all).
@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.CharField):
    pass


class Vocabulary:
    """Labels of vocabulary codes, looked up once per request and kind."""

    def __init__(self):
        self._kinds: dict[str, dict] = {}

    def term(self, kind: str, code: str):
        if kind not in self._kinds:
            self._kinds[kind] = {term.code: term for term in terms_current(kind)}
        return self._kinds[kind].get(code)

    def code_label(self, kind: str, code: str) -> dict:
        term = self.term(kind, code)
        return {"code": code, "label": term.label if term else code}

    def legal_basis(self, code: str) -> dict:
        term = self.term("legal_basis", code)
        return {
            "code": code,
            "label": term.label if term else code,
            "article": term.extra.get("article", "") if term else "",
        }


def vocabulary(context: dict) -> Vocabulary:
    return context.setdefault("vocabulary", Vocabulary())


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code from the vocabulary.")
    label = serializers.CharField(help_text="Label in the language of the request (Dutch by default).")


class LegalBasisSerializer(CodeLabelSerializer):
    article = serializers.CharField(help_text="The article of law, e.g. 'AVG art. 6 lid 1 sub e'.")


@extend_schema_serializer(component_name="TableRegion")
class RegionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()


class CovenantVersionSerializer(serializers.ModelSerializer):
    covenant = serializers.CharField(source="covenant.name", help_text="Name of the covenant.")
    purposes = serializers.SerializerMethodField(help_text="Purposes the covenant allows.")
    legal_bases = serializers.SerializerMethodField(help_text="Legal bases the covenant relies on.")
    field_classes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per organisation type code, the field classes that party type may see.",
    )

    class Meta:
        model = CovenantVersion
        fields = ["covenant", "number", "valid_from", "purposes", "legal_bases", "field_classes", "retention_days"]

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_purposes(self, version: CovenantVersion) -> list[dict]:
        return [vocabulary(self.context).code_label("purpose", code) for code in version.purposes]

    @extend_schema_field(LegalBasisSerializer(many=True))
    def get_legal_bases(self, version: CovenantVersion) -> list[dict]:
        return [vocabulary(self.context).legal_basis(code) for code in version.legal_bases]


class TableSerializer(serializers.ModelSerializer):
    kind = CodeField(help_text="signal (signalentafel) or case (casustafel).")
    region = RegionSerializer()
    chair = serializers.SerializerMethodField(help_text="Name of the chair.")
    members = serializers.SerializerMethodField(help_text="Names of the member organisations.")
    covenant_version = serializers.SerializerMethodField(help_text="The covenant version the table works under now.")

    class Meta:
        model = Table
        fields = ["id", "name", "kind", "region", "chair", "rhythm", "is_active", "members", "covenant_version"]

    def get_chair(self, table: Table) -> str:
        return person_name(table.chair)

    def get_members(self, table: Table) -> list[str]:
        return sorted(member.organisation.name for member in table.members.all())

    @extend_schema_field(CovenantVersionSerializer(allow_null=True))
    def get_covenant_version(self, table: Table) -> dict | None:
        version = max(table.covenant.versions.all(), key=lambda v: v.number, default=None)
        return CovenantVersionSerializer(version, context=self.context).data if version else None


@extend_schema_serializer(component_name="SignalMunicipality")
class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code, e.g. GM0344.")
    name = serializers.CharField()


@extend_schema_serializer(component_name="SignalPerson")
class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    name = serializers.CharField()
    alias = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    estimated_age = serializers.IntegerField(allow_null=True)
    gender = serializers.CharField()
    nationality = serializers.CharField()
    languages = serializers.CharField()


@extend_schema_serializer(component_name="SignalIdentifier")
class IdentifierSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="phone, iban, plate, postcode, address, handle, url, email, name.")
    value = serializers.CharField(help_text="As entered.")
    normalised = serializers.CharField()
    is_valid = serializers.BooleanField()
    person = serializers.IntegerField(
        source="person_id", allow_null=True, required=False, help_text="Id of the person; only with 'persons'."
    )


@extend_schema_serializer(component_name="SignalAttachment")
class AttachmentSerializer(serializers.Serializer):
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class MinimisedSignalSerializer(serializers.Serializer):
    """The signal as far as the caller may see it. Each key belongs to one field class (see `field_classes` of the
    agenda item); keys of a class the caller may not see are absent."""

    reference = serializers.CharField(required=False, help_text="Class 'basic'.")
    received_at = serializers.DateTimeField(required=False, help_text="Class 'basic'.")
    observed_on = serializers.DateField(required=False, allow_null=True, help_text="Class 'basic'.")
    forms = CodeLabelSerializer(many=True, required=False, help_text="Class 'basic'.")
    urgency = serializers.CharField(required=False, help_text="Class 'basic'.")
    immediate_danger = serializers.BooleanField(required=False, help_text="Class 'basic'.")
    municipality = MunicipalitySerializer(required=False, allow_null=True, help_text="Class 'place'.")
    place_type = CodeLabelSerializer(required=False, allow_null=True, help_text="Class 'place'.")
    account = serializers.CharField(required=False, help_text="Class 'account'.")
    indicators = CodeLabelSerializer(many=True, required=False, help_text="Class 'indicators'.")
    minor_involved = serializers.CharField(required=False, help_text="Class 'persons'.")
    persons = PersonSerializer(many=True, required=False, help_text="Class 'persons'.")
    identifiers = IdentifierSerializer(many=True, required=False, help_text="Class 'identifiers'.")
    attachments = AttachmentSerializer(many=True, required=False, help_text="Class 'attachments' (metadata).")

    def to_representation(self, view: SignalView) -> dict:
        signal = view.signal
        terms = {"forms": list(signal.forms.all()), "indicators": list(signal.indicators.all())}
        values = {
            "reference": lambda: signal.reference,
            "received_at": lambda: serializers.DateTimeField().to_representation(signal.received_at),
            "observed_on": lambda: signal.observed_on.isoformat() if signal.observed_on else None,
            "forms": lambda: [{"code": t.code, "label": t.label} for t in terms["forms"]],
            "urgency": lambda: signal.urgency,
            "immediate_danger": lambda: signal.immediate_danger,
            "municipality": lambda: (
                {"code": signal.municipality.code, "name": signal.municipality.name} if signal.municipality else None
            ),
            "place_type": lambda: (
                {"code": signal.place_type.code, "label": signal.place_type.label} if signal.place_type else None
            ),
            "account": lambda: signal.account,
            "indicators": lambda: [{"code": t.code, "label": t.label} for t in terms["indicators"]],
            "minor_involved": lambda: signal.minor_involved,
            "persons": lambda: PersonSerializer(signal.persons.all(), many=True).data,
            "identifiers": lambda: self._identifiers(view),
            "attachments": lambda: AttachmentSerializer(signal.attachments.all(), many=True).data,
        }
        data = {}
        for field_class, keys in SIGNAL_KEYS_BY_CLASS.items():
            if view.allows(field_class):
                for key in keys:
                    data[key] = values[key]()
        return data

    def _identifiers(self, view: SignalView) -> list[dict]:
        rows = IdentifierSerializer(view.signal.identifiers.all(), many=True).data
        if not view.allows(fields.PERSONS):
            # Without the persons class, which identifiers belong to the same person is itself withheld.
            for row in rows:
                row.pop("person", None)
        return rows


class FindingSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name", help_text="Whose finding.")
    known = serializers.CharField(help_text="known or not-known.")
    text = serializers.CharField()
    identifiers = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text="Structured identifiers [{kind, value}]; only when the caller may see identifiers, or its own.",
    )
    created_at = serializers.DateTimeField()

    def to_representation(self, finding) -> dict:
        data = super().to_representation(finding)
        own = finding.organisation_id == self.context["organisation_id"]
        if not (own or self.context["view"].allows(fields.IDENTIFIERS)):
            data.pop("identifiers", None)
        return data


class DecisionSerializer(serializers.Serializer):
    outcome = CodeLabelSerializer()
    recipient = serializers.CharField(allow_null=True, help_text="Organisation routed to, if any.")
    decided_at = serializers.DateTimeField()
    wait_until = serializers.DateField(allow_null=True)


class AgendaItemSerializer(serializers.Serializer):
    """One agenda item as the caller may see it. Built from (item, view, findings) by the view."""

    id = serializers.IntegerField()
    table = serializers.IntegerField(help_text="Id of the table.")
    purpose = CodeLabelSerializer(help_text="Why the owner brought it to the table.")
    added_at = serializers.DateTimeField()
    last_discussed_at = serializers.DateTimeField()
    session_date = serializers.DateField(allow_null=True)
    is_owner = serializers.BooleanField(help_text="True when the caller's organisation owns the signal.")
    field_classes = serializers.ListField(
        child=serializers.CharField(), help_text="The field classes of the signal the caller sees."
    )
    signal = MinimisedSignalSerializer()
    findings = FindingSerializer(many=True, help_text="Own findings, and other members' as far as allowed.")
    decision = DecisionSerializer(allow_null=True, help_text="The latest decision of the chair, if any.")

    def to_representation(self, entry) -> dict:
        item: AgendaItem = entry["item"]
        view: SignalView = entry["view"]
        words = vocabulary(self.context)
        context = {**self.context, "view": view}
        decision = entry["decision"]
        return {
            "id": item.pk,
            "table": item.table_id,
            "purpose": words.code_label("purpose", item.purpose),
            "added_at": serializers.DateTimeField().to_representation(item.added_at),
            "last_discussed_at": serializers.DateTimeField().to_representation(item.last_discussed_at),
            "session_date": item.session.date.isoformat() if item.session else None,
            "is_owner": view.is_owner,
            "field_classes": sorted(fields.FIELD_CLASSES if view.is_owner else view.classes),
            "signal": MinimisedSignalSerializer(view, context=context).data,
            "findings": FindingSerializer(entry["findings"], many=True, context=context).data,
            "decision": (
                {
                    "outcome": words.code_label("routing_outcome", decision.outcome),
                    "recipient": decision.recipient.name if decision.recipient else None,
                    "decided_at": serializers.DateTimeField().to_representation(decision.decided_at),
                    "wait_until": decision.wait_until.isoformat() if decision.wait_until else None,
                }
                if decision
                else None
            ),
        }


class ShareEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()


class ShareCovenantVersionSerializer(serializers.Serializer):
    covenant = serializers.CharField(source="covenant.name")
    number = serializers.IntegerField()


class ShareSerializer(serializers.ModelSerializer):
    """The record of one share: who shared which classes of fields with whom, on which legal basis, for which
    purpose, decided by whom; and where the task stands."""

    kind = CodeField(help_text="table: discussion at a table; routing: a task for the recipient.")
    status = CodeField(
        help_text="proposed, sent, accepted, returned, fed-back, closed or revoked (sent → accepted | returned → "
        "fed-back → closed; revoked from any open status)."
    )
    from_organisation = serializers.CharField(source="from_organisation.name")
    to_organisation = serializers.CharField(source="to_organisation.name")
    table = serializers.SerializerMethodField(help_text="Name of the table it was shared at or decided by.")
    legal_basis = serializers.SerializerMethodField()
    purpose = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField(help_text="Routing outcome of a task; null for a table share.")
    covenant_version = ShareCovenantVersionSerializer()
    decided_by = serializers.SerializerMethodField(help_text="Name of the person who decided.")
    status_label = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", help_text="The deadline passed while the task was open.")
    events = ShareEventSerializer(many=True, help_text="The share's history (status changes).")
    field_classes = serializers.ListField(child=serializers.CharField(), help_text="Classes of fields shared.")

    class Meta:
        model = DataShare
        fields = [
            "id",
            "kind",
            "status",
            "status_label",
            "from_organisation",
            "to_organisation",
            "table",
            "signal_reference",
            "field_classes",
            "legal_basis",
            "purpose",
            "outcome",
            "covenant_version",
            "decided_by",
            "decided_at",
            "deadline",
            "overdue",
            "events",
        ]

    def get_table(self, share: DataShare) -> str | None:
        return share.table.name if share.table else None

    @extend_schema_field(LegalBasisSerializer)
    def get_legal_basis(self, share: DataShare) -> dict:
        return vocabulary(self.context).legal_basis(share.legal_basis)

    @extend_schema_field(CodeLabelSerializer)
    def get_purpose(self, share: DataShare) -> dict:
        return vocabulary(self.context).code_label("purpose", share.purpose)

    @extend_schema_field(CodeLabelSerializer(allow_null=True))
    def get_outcome(self, share: DataShare) -> dict | None:
        return vocabulary(self.context).code_label("routing_outcome", share.outcome) if share.outcome else None

    def get_decided_by(self, share: DataShare) -> str:
        return person_name(share.decided_by)

    def get_status_label(self, share: DataShare) -> str:
        return str(workflow.STATUSES.get(share.status, share.status))


class ShareFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(workflow.STATUSES), required=False)
    kind = serializers.ChoiceField(choices=DataShare.Kind.values, required=False)
    inbox = serializers.BooleanField(required=False, default=False)


class ShareReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="Why it is returned (required)."
    )


class ShareFeedbackSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="", help_text="What was done with it (required)."
    )


@extend_schema_serializer(component_name="TablesProblem")
class ProblemSerializer(serializers.Serializer):
    """An error as application/problem+json (RFC 9457)."""

    type = serializers.URLField()
    code = serializers.CharField(help_text="Stable machine code, e.g. transition_not_allowed.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    invalid_params = serializers.ListField(child=serializers.DictField(), required=False)
