"""Forms of the professional intake, the edit page, the list filters and the status change. They only translate
between HTTP and the services: every rule about signals lives in services.py and editing.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Region, RegionKind
from samen.taxonomy.models import Term, VocabularyVersion

from . import workflow
from .attachments import MAX_FILES, AttachmentInvalid, attachment_clean
from .attachments import MESSAGES as ATTACHMENT_MESSAGES
from .inputs import PersonInput, SignalInput
from .models import MinorInvolved

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": _("Enter a valid date (dd-mm-yyyy).")}
PERSON_BLOCKS = 3
MAX_LINES = 20
# Form field holding several values, one a line -> identifier kind of the services.
PERSON_IDENTIFIERS = {
    "phones": "phone",
    "addresses": "address",
    "plates": "plate",
    "ibans": "iban",
    "handles": "handle",
    "ad_urls": "url",
}
SIGNAL_IDENTIFIERS = {"ad_urls": "url", "handles": "handle"}


def terms_of(version: VocabularyVersion, kind: str) -> list[Term]:
    """Terms of one vocabulary version: a signal is edited in the words it was made in."""
    return list(Term.objects.filter(version=version, kind=kind).order_by("position"))


def _choices(terms: list[Term], blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(term.code, term.label) for term in terms]
    return [("", blank)] + choices if blank is not None else choices


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """Several values in one text area, one a line (works without JavaScript)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5_000)
        kwargs.setdefault("help_text", _("One a line."))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "class": "lines"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if len(lines(value)) > MAX_LINES:
            raise forms.ValidationError(_("Enter at most 20 lines."), code="too_many")


class DateInputField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("error_messages", DATE_ERRORS)
        kwargs.setdefault("widget", forms.DateInput(format="%d-%m-%Y", attrs={"class": "date", "inputmode": "numeric"}))
        super().__init__(**kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES photos or PDFs; each is checked by content and stripped of metadata."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(ATTACHMENT_MESSAGES["too_many_files"], code="too_many_files")
        cleaned = []
        for upload in uploads:
            try:
                cleaned.append(attachment_clean(upload))
            except AttachmentInvalid as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return cleaned


class SignalFieldsForm(forms.Form):
    """What an intake user may still change after submitting: the edit page uses exactly these fields."""

    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=200,
        help_text=_("Name or CBS code, for example Utrecht or GM0344."),
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    place_type = forms.ChoiceField(label=_("Kind of place"), required=False)
    immediate_danger = forms.BooleanField(label=_("Someone is in immediate danger"), required=False)
    minor_involved = forms.ChoiceField(
        label=_("Could a minor be involved?"),
        choices=MinorInvolved.choices,
        initial=MinorInvolved.UNKNOWN,
        widget=forms.RadioSelect,
    )
    own_reference = forms.CharField(
        label=_("Your organisation's own reference"),
        required=False,
        max_length=64,
        help_text=_("For example the case number in your own system."),
    )
    account = forms.CharField(
        label=_("What was observed"),
        max_length=10_000,
        help_text=_("Describe in your own words what you saw or heard, where and when."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Last on purpose: from here on, "forms" in this class body names the field, not the django.forms module.
    forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        required=False,
        help_text=_("Choose one or more. Leave empty when you do not know yet."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, version: VocabularyVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["place_type"].choices = _choices(terms_of(version, "place_type"), blank="—")
        exploitation_forms = terms_of(version, "exploitation_form")
        self.fields["forms"].choices = _choices(exploitation_forms)
        indicators = terms_of(version, "indicator")
        self.indicator_names: list[str] = []
        for form_term in exploitation_forms:
            own = [term for term in indicators if term.parent_code == form_term.code]
            if not own:
                continue
            name = f"indicators_{form_term.code}"
            self.fields[name] = forms.MultipleChoiceField(
                label=form_term.label,
                required=False,
                choices=_choices(own),
                widget=forms.CheckboxSelectMultiple,
            )
            self.indicator_names.append(name)

    @property
    def indicator_fields(self):
        return [self[name] for name in self.indicator_names]

    def indicator_codes(self) -> list[str]:
        return [code for name in self.indicator_names for code in self.cleaned_data.get(name, [])]


class IntakeForm(SignalFieldsForm):
    """The professional's intake form; the involved persons come in PersonForms beside it."""

    source_type = forms.ChoiceField(label=_("Source"), initial="professional")
    observed_on = DateInputField(label=_("Date observed (dd-mm-yyyy)"))
    ad_urls = LinesField(label=_("Advertisement web addresses"))
    handles = LinesField(label=_("Online user names"))
    attachments = AttachmentsField(
        label=_("Photos or PDF files"),
        help_text=_(
            "At most 5 files of at most 10 MB. Files are not kept in a draft: add them just before you submit."
        ),
    )

    field_order = ["source_type", "own_reference", "observed_on"]

    def __init__(self, *args, version: VocabularyVersion, **kwargs):
        super().__init__(*args, version=version, **kwargs)
        self.fields["source_type"].choices = _choices(terms_of(version, "source_type"))

    def clean_observed_on(self):
        value = self.cleaned_data.get("observed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."), code="future_date")
        return value

    def signal_input(self, persons: list[PersonInput]) -> SignalInput:
        data = self.cleaned_data
        return SignalInput(
            source_type=data["source_type"],
            account=data["account"],
            forms=data["forms"],
            indicators=self.indicator_codes(),
            municipality=data["municipality"],
            place_type=data["place_type"],
            observed_on=data["observed_on"],
            immediate_danger=data["immediate_danger"],
            minor_involved=data["minor_involved"],
            own_reference=data["own_reference"],
            persons=persons,
            identifiers=[(kind, value) for name, kind in SIGNAL_IDENTIFIERS.items() for value in lines(data[name])],
        )


class PersonForm(forms.Form):
    """One involved person. A block left empty is skipped; a block with anything typed in needs a role."""

    role = forms.ChoiceField(label=_("Role"), error_messages={"required": _("Choose the role of this person.")})
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    alias = forms.CharField(label=_("Alias or nickname"), required=False, max_length=200)
    date_of_birth = DateInputField(label=_("Date of birth (dd-mm-yyyy)"))
    estimated_age = forms.IntegerField(
        label=_("Estimated age"),
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": _("Enter an age between 0 and 120."),
            "min_value": _("Enter an age between 0 and 120."),
            "max_value": _("Enter an age between 0 and 120."),
        },
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    phones = LinesField(label=_("Phone numbers"))
    addresses = LinesField(label=_("Addresses"))
    plates = LinesField(label=_("Licence plates"))
    ibans = LinesField(label=_("Bank accounts (IBAN)"))
    handles = LinesField(label=_("Online user names"))
    ad_urls = LinesField(label=_("Advertisement web addresses"))

    def __init__(self, *args, version: VocabularyVersion, number: int, **kwargs):
        kwargs.setdefault("prefix", f"person-{number - 1}")
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["role"].choices = _choices(terms_of(version, "person_role"), blank="—")
        self.fields["gender"].choices = _choices(terms_of(version, "gender"), blank="—")

    def is_filled(self) -> bool:
        """Whether anything was typed in this block (an untouched block is not a person)."""
        return self.is_bound and any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields)

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."), code="future_date")
        return value

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            role=data["role"],
            name=data["name"],
            alias=data["alias"],
            date_of_birth=data["date_of_birth"],
            estimated_age=data["estimated_age"],
            gender=data["gender"],
            nationality=data["nationality"],
            languages=data["languages"],
            identifiers=[(kind, value) for name, kind in PERSON_IDENTIFIERS.items() for value in lines(data[name])],
        )


class SignalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)
    region = forms.ChoiceField(label=_("Police unit"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False)
    source_type = forms.ChoiceField(label=_("Source"), required=False)
    date_from = DateInputField(label=_("Received from (dd-mm-yyyy)"))
    date_to = DateInputField(label=_("Received up to and including (dd-mm-yyyy)"))

    def __init__(self, *args, version: VocabularyVersion, **kwargs):
        super().__init__(*args, **kwargs)
        everything = str(_("All"))
        self.fields["form"].choices = _choices(terms_of(version, "exploitation_form"), blank=everything)
        self.fields["region"].choices = [("", everything)] + [
            (region.code, region.name) for region in Region.objects.filter(kind=RegionKind.POLICE_UNIT)
        ]
        self.fields["status"].choices = [("", everything)] + workflow.STATUS_CHOICES
        self.fields["urgency"].choices = _choices(terms_of(version, "urgency"), blank=everything)
        self.fields["source_type"].choices = _choices(terms_of(version, "source_type"), blank=everything)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error(
                "date_to", forms.ValidationError(_("The end date lies before the start date."), code="date_order")
            )
        return data

    def filters(self) -> dict:
        """Keyword arguments for selectors.signals_filter."""
        data = self.cleaned_data
        return {
            "form": data["form"],
            "police_unit": data["region"],
            "status": data["status"],
            "urgency": data["urgency"],
            "source_type": data["source_type"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "text": data["q"],
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = workflow.TRANSITIONS.get(current, set())
        self.fields["status"].choices = [(code, label) for code, label in workflow.STATUS_CHOICES if code in targets]
