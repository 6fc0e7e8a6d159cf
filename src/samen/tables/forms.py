"""Forms of the table pages, the inbox and the shares overview. They translate between HTTP and the services; every
rule about agendas, decisions and shares lives in services.py and sessions.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.accounts.selectors import organisations_all

from . import workflow
from .minimised import identifier_kind_lookup, labels
from .models import AgendaItem, Enrichment, Table
from .routing import recipient_type

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": _("Enter a valid date (dd-mm-yyyy).")}
MAX_IDENTIFIERS = 20
# Which form field shows a refusal of the services, by its code.
ERROR_FIELDS = {
    "unknown_outcome": "outcome",
    "reason_required": "reason",
    "wait_until_required": "wait_until",
    "recipient_required": "recipient",
    "wrong_recipient": "recipient",
    "recipient_is_owner": "recipient",
    "purpose_not_in_covenant": "purpose",
    "no_legal_basis": "purpose",
    "feedback_required": "text",
    "date_required": "date",
    "session_exists": "date",
    "item_not_free": "items",
}


class DateInputField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("error_messages", DATE_ERRORS)
        kwargs.setdefault("widget", forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)


def apply_error(form: forms.Form, error) -> None:
    """Put a service's refusal next to the field it is about, or above the form."""
    name = ERROR_FIELDS.get(getattr(error, "code", ""))
    form.add_error(name if name in form.fields else None, error.messages[0] if error.messages else str(error))


def _purpose_choices(table: Table) -> list[tuple[str, str]]:
    names = labels("purpose")
    return [(code, names.get(code, code)) for code in table.covenant.current_version.purposes]


class AgendaAddForm(forms.Form):
    signal = forms.ModelChoiceField(
        label=_("Signal of your organisation"),
        queryset=None,
        empty_label=_("Choose a signal"),
        error_messages={"required": _("Choose the signal to put on the agenda.")},
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        help_text=_("Why the table should discuss it. Only the purposes of the covenant can be chosen."),
        error_messages={"required": _("Choose the purpose.")},
    )

    def __init__(self, *args, table: Table, signals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signal"].queryset = signals.exclude(agenda_items__table=table).order_by("-received_at")
        self.fields["signal"].label_from_instance = lambda signal: f"{signal.reference} ({signal.received_at:%d-%m-%Y})"
        self.fields["purpose"].choices = [("", _("Choose a purpose"))] + _purpose_choices(table)


class FindingForm(forms.Form):
    known = forms.ChoiceField(
        label=_("Is this known to your organisation?"),
        choices=Enrichment.Known.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it is known to your organisation.")},
    )
    text = forms.CharField(
        label=_("Finding"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your organisation knows, as far as it may share it."),
    )
    identifiers = forms.CharField(
        label=_("Identifiers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: the kind, a colon and the value, for example: phone: 06 11223344."),
    )

    def clean_identifiers(self) -> list[dict]:
        kinds = identifier_kind_lookup()
        entries, problems = [], []
        for number, line in enumerate((self.cleaned_data.get("identifiers") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            kind, colon, value = line.partition(":")
            code = kinds.get(kind.strip().casefold())
            if not colon or code is None or not value.strip():
                problems.append(number)
                continue
            entries.append({"kind": code, "value": value.strip()[:500]})
        if problems:
            raise forms.ValidationError(
                _("Line %(lines)s: write the kind, a colon and the value, for example: phone: 06 11223344."),
                code="identifier_format",
                params={"lines": ", ".join(str(number) for number in problems)},
            )
        if len(entries) > MAX_IDENTIFIERS:
            raise forms.ValidationError(_("Enter at most 20 identifiers."), code="too_many")
        return entries


def recipient_choices(table: Table) -> list:
    """Organisations that can receive a routing outcome, grouped by their type; the table's members first in each
    group, so the usual recipient is at hand."""
    outcomes = labels("routing_outcome")
    type_labels = labels("organisation_type")
    types = []
    for code in outcomes:
        expected = recipient_type(code)
        if expected and expected not in types:
            types.append(expected)
    members = set(table.members.values_list("organisation_id", flat=True))
    organisations = organisations_all().filter(is_active=True, type__code__in=types).select_related("type")
    groups = []
    for type_code in types:
        options = sorted(
            (organisation for organisation in organisations if organisation.type.code == type_code),
            key=lambda organisation: (organisation.pk not in members, organisation.name),
        )
        if options:
            groups.append(
                (type_labels.get(type_code, type_code), [(str(option.pk), option.name) for option in options])
            )
    return [("", _("No recipient"))] + groups


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), error_messages={"required": _("Choose a decision.")})
    recipient = forms.ChoiceField(
        label=_("Route to"),
        required=False,
        help_text=_("For a routing decision: the organisation of the type the decision names."),
    )
    purpose = forms.ChoiceField(label=_("Purpose of sharing"), error_messages={"required": _("Choose the purpose.")})
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decide otherwise than the first suggestion, and for no further action."),
    )
    wait_until = DateInputField(
        label=_("Wait until (dd-mm-yyyy)"),
        required=False,
        help_text=_("Only for 'await information'."),
    )

    def __init__(self, *args, item: AgendaItem, suggested: str = "", **kwargs):
        kwargs.setdefault("initial", {"outcome": suggested, "purpose": item.purpose})
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("Choose a decision"))] + list(labels("routing_outcome").items())
        self.fields["recipient"].choices = recipient_choices(item.table)
        self.fields["purpose"].choices = _purpose_choices(item.table)

    def clean_recipient(self) -> Organisation | None:
        value = self.cleaned_data.get("recipient")
        if not value:
            return None
        return organisations_all().select_related("type").filter(pk=int(value)).first()

    def clean(self):
        data = super().clean()
        if data.get("outcome") and data.get("recipient") and recipient_type(data["outcome"]) is None:
            self.add_error(
                "recipient",
                forms.ValidationError(
                    _("This decision routes to no organisation: leave 'Route to' empty."), code="no_recipient"
                ),
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason.")},
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("What was done with it"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The chair of the table and the organisation that brought the signal read this."),
        error_messages={"required": _("Write what was done with it.")},
    )


class SessionOpenForm(forms.Form):
    date = DateInputField(label=_("Date (dd-mm-yyyy)"), error_messages={**DATE_ERRORS, "required": _("Give the date.")})
    items = forms.MultipleChoiceField(
        label=_("Agenda items to discuss"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, free_items=(), **kwargs):
        kwargs.setdefault("prefix", "session")
        super().__init__(*args, **kwargs)
        self.free_items = {str(item.pk): item for item in free_items}
        self.fields["items"].choices = [(pk, item.signal.reference) for pk, item in self.free_items.items()]

    def clean_items(self) -> list[AgendaItem]:
        return [self.free_items[pk] for pk in self.cleaned_data.get("items", [])]


class SessionAssignForm(SessionOpenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["date"]
        self.fields["items"].required = True
        self.fields["items"].error_messages["required"] = _("Choose at least one agenda item.")


class ShareFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation (sender or recipient)"),
        queryset=organisations_all(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + workflow.STATUS_CHOICES)
    date_from = DateInputField(label=_("From (dd-mm-yyyy)"), required=False)
    date_to = DateInputField(label=_("Up to and including (dd-mm-yyyy)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error(
                "date_to", forms.ValidationError(_("The end date lies before the start date."), code="date_order")
            )
        return data
