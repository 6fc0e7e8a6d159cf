"""Forms of the public, anonymous report pages: plain language, a hard limit on every field, no account.

The forms only translate between HTTP and SignalInput; what is allowed is decided by the signals services, whose
errors (SignalInvalid) are put back next to the fields they belong to.
"""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from samen.taxonomy.selectors import terms_current

from .attachments import MAX_FILES, AttachmentInvalid, CleanFile, attachment_clean
from .attachments import MESSAGES as ATTACHMENT_MESSAGES
from .errors import SignalInvalid
from .identifiers import MAX_LENGTH as IDENTIFIER_MAX_LENGTH
from .inputs import PersonInput, SignalInput
from .services import TEXT_LIMITS, signal_validate

SOURCE_TYPE = "anonymous-citizen"
HONEYPOT = "website"
STATUS_LIMIT = 20  # tries per hour to open a receipt: enough for typing mistakes, too few to guess
IDENTIFIER_LINES = 10  # per field; four fields stay under the services' limit of 50 identifiers
RATE_WINDOW_SECONDS = 3600

TOO_LONG = _("This is too long: at most %(limit_value)s characters.")
NOT_ALLOWED_CHARACTER = _("This contains a character that is not allowed. Remove it and try again.")
CHOOSE_OPTION = _("Choose one of the options.")
ANSWER_DANGER = _("Answer yes or no: is someone in danger right now?")
DESCRIBE = _("Describe what you saw.")
INVALID_DATE = _("Enter a valid date (dd-mm-yyyy).")
INVALID_AGE = _("Enter an age in years, for example 25.")
AGE_RANGE = _("Enter an age between 0 and 120.")
TOO_MANY_LINES = _("Enter at most %(limit)s lines.")
LINE_TOO_LONG = _("Line %(line)s is too long: at most %(limit)s characters.")
RECEIPT_WRONG = _("The receipt code or the secret phrase is not right. Check both and try again.")
ENTER_CODE = _("Enter your receipt code.")
ENTER_PHRASE = _("Enter your secret phrase.")
ENTER_TEXT = _("Write the information you want to add.")


def public_report_limit() -> int:
    """Reports per client address per hour (setting SAMEN_PUBLIC_REPORT_LIMIT)."""
    return int(getattr(settings, "SAMEN_PUBLIC_REPORT_LIMIT", 10))


def quick_exit_url() -> str:
    """Where the quick-exit button goes: a neutral site (setting SAMEN_QUICK_EXIT_URL)."""
    return getattr(settings, "SAMEN_QUICK_EXIT_URL", "https://www.google.nl/")


def _messages(required=None) -> dict:
    messages = {
        "max_length": TOO_LONG,
        "null_characters_not_allowed": NOT_ALLOWED_CHARACTER,
        "invalid_choice": CHOOSE_OPTION,
    }
    if required:
        messages["required"] = required
    return messages


def _text(label, max_length: int, *, required=None, help_text="", rows: int = 0, **attrs) -> forms.CharField:
    """A text field with a hard length limit and plain error messages; `required` is its missing-value message."""
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required),
        help_text=help_text,
        widget=widget,
        error_messages=_messages(required),
    )


class DayField(forms.DateField):
    """A date as people write it (dd-mm-jjjj); refuses long junk before parsing it."""

    input_formats = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": INVALID_DATE}

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 10:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is not None and day < date(1900, 1, 1):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class AgeField(forms.IntegerField):
    default_error_messages = {"invalid": INVALID_AGE, "min_value": AGE_RANGE, "max_value": AGE_RANGE}

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 3:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class LinesField(forms.CharField):
    """Free identifiers, one per line (phone numbers, plates, addresses, online names)."""

    def __init__(self, *, label, help_text, **kwargs):
        limit = IDENTIFIER_LINES * (IDENTIFIER_MAX_LENGTH + 2)
        super().__init__(
            label=label,
            help_text=help_text,
            required=False,
            max_length=limit,
            widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
            error_messages=_messages(),
            **kwargs,
        )

    def clean(self, value):
        text = super().clean(value)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > IDENTIFIER_LINES:
            raise ValidationError(TOO_MANY_LINES, code="too_many", params={"limit": IDENTIFIER_LINES})
        for number, line in enumerate(lines, start=1):
            if len(line) > IDENTIFIER_MAX_LENGTH:
                raise ValidationError(
                    LINE_TOO_LONG, code="too_long", params={"line": number, "limit": IDENTIFIER_MAX_LENGTH}
                )
        return lines


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to five photos or PDFs; each is checked by content and photos lose their EXIF and GPS data."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"})

    def clean(self, data, initial=None) -> list[CleanFile]:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > MAX_FILES:
            raise ValidationError(ATTACHMENT_MESSAGES["too_many_files"], code="too_many_files")
        cleaned, errors = [], []
        for upload in uploads:
            # Only printable characters: the name ends up in the database and in file paths.
            upload.name = "".join(c for c in (upload.name or "") if c.isprintable())[-120:] or "bestand"
            try:
                cleaned.append(attachment_clean(upload))
            except AttachmentInvalid as error:
                errors.append(
                    ValidationError(
                        "%(name)s: %(problem)s",
                        code=error.code,
                        params={
                            "name": upload.name,
                            "problem": error.message,
                        },
                    )
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


def _choice_label(label, description=""):
    if not description:
        return label
    return format_html('{} <span class="choice-hint">{}</span>', label, description)


def _yes_no(*extra):
    return [("yes", _("Yes")), ("no", _("No")), *extra]


class ReportForm(forms.Form):
    """The anonymous report. The danger question comes first: it decides whether we show 112 before anything else."""

    immediate_danger = forms.ChoiceField(
        label=_("Is someone in danger right now?"),
        help_text=_("For example: someone is being held, threatened or hurt at this moment."),
        choices=_yes_no(),
        widget=forms.RadioSelect,
        error_messages=_messages(ANSWER_DANGER),
    )
    account = _text(
        _("What did you see or hear?"),
        TEXT_LIMITS["account"],
        required=DESCRIBE,
        rows=8,
        help_text=_("Write it in your own words. What happened, who did what, and why does it worry you?"),
    )
    observed_on = DayField(
        label=_("When did you see it?"),
        required=False,
        help_text=_("A date like 21-03-2026. Leave it empty if you do not know."),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"maxlength": 10, "autocomplete": "off"}),
    )
    municipality = _text(
        _("In which municipality?"),
        100,
        help_text=_("The name of the town or municipality, for example Utrecht."),
        list="municipality-names",
        autocomplete="off",
    )
    place_type = forms.ChoiceField(
        label=_("What kind of place was it?"),
        required=False,
        initial="",
        widget=forms.RadioSelect,
        error_messages=_messages(),
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=_("What kind of exploitation do you think it is?"),
        help_text=_("You can choose more than one. Choose 'I don't know' if you are not sure."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**_messages(), "invalid_list": CHOOSE_OPTION},
    )
    minor_involved = forms.ChoiceField(
        label=_("Could someone under 18 be involved?"),
        choices=_yes_no(("unknown", _("I don't know"))),
        initial="unknown",
        required=False,
        widget=forms.RadioSelect,
        error_messages=_messages(),
    )
    victim_name = _text(
        _("Name or nickname of the person who may be a victim"), TEXT_LIMITS["name"], autocomplete="off"
    )
    victim_age = AgeField(
        label=_("Their age, about"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3, "autocomplete": "off"}),
    )
    victim_gender = forms.ChoiceField(label=_("Their gender"), required=False, error_messages=_messages())
    perpetrator_name = _text(
        _("Name or nickname of the person who may be exploiting them"), TEXT_LIMITS["name"], autocomplete="off"
    )
    phones = LinesField(label=_("Phone numbers"), help_text=_("One per line."))
    plates = LinesField(label=_("Licence plates of cars or vans"), help_text=_("One per line."))
    addresses = LinesField(label=_("Addresses"), help_text=_("One per line, for example: Stationsstraat 1, Utrecht."))
    online = LinesField(
        label=_("Online: names on websites or apps, or links to advertisements"), help_text=_("One per line.")
    )
    attachments = AttachmentsField(
        label=_("Photos or documents"),
        required=False,
        help_text=_(
            "At most 5 files: photos (JPEG, PNG) or PDF, each at most 10 MB. We remove the location and camera "
            "details from photos."
        ),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Where each service error path belongs on this form (persons are added in signal_input()).
    FIELD_OF_PATH = {
        "account": "account",
        "observed_on": "observed_on",
        "municipality": "municipality",
        "place_type": "place_type",
        "forms": "exploitation_forms",
        "indicators": "exploitation_forms",
        "minor_involved": "minor_involved",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: dict[str, str] = {}
        self.fields["place_type"].choices = [
            *((term.code, _choice_label(term.label, term.description)) for term in terms_current("place_type")),
            ("", _("I don't know")),
        ]
        self.fields["exploitation_forms"].choices = [
            (term.code, _("I don't know") if term.code == "unknown" else _choice_label(term.label, term.description))
            for term in terms_current("exploitation_form")
        ]
        self.fields["victim_gender"].choices = [
            ("", _("I don't know")),
            *((term.code, term.label) for term in terms_current("gender") if term.code != "unknown"),
        ]

    def honeypot_filled(self) -> bool:
        value = self.data.get(HONEYPOT, "")
        return bool(value.strip()) if isinstance(value, str) else bool(value)

    def said_danger(self) -> bool:
        return self.data.get("immediate_danger") == "yes"

    def had_files(self) -> bool:
        return bool(self.files.getlist("attachments")) if self.files else False

    def clean(self):
        cleaned = super().clean()
        try:
            signal_validate(self.signal_input())
        except SignalInvalid as error:
            self.add_signal_errors(error)
        return cleaned

    def signal_input(self) -> SignalInput:
        """What the services take; built from whatever is valid so far, so the services can check the rest."""
        data = self.cleaned_data
        persons, self._paths = [], {}
        victim = PersonInput(
            role="possible-victim",
            name=data.get("victim_name", ""),
            estimated_age=data.get("victim_age"),
            gender=data.get("victim_gender", ""),
        )
        if victim.name or victim.estimated_age is not None or victim.gender:
            self._person_paths(len(persons), name="victim_name", estimated_age="victim_age", gender="victim_gender")
            persons.append(victim)
        if data.get("perpetrator_name"):
            self._person_paths(len(persons), name="perpetrator_name")
            persons.append(PersonInput(role="possible-perpetrator", name=data["perpetrator_name"]))
        identifiers = [("phone", value) for value in data.get("phones", [])]
        identifiers += [("plate", value) for value in data.get("plates", [])]
        identifiers += [("address", value) for value in data.get("addresses", [])]
        identifiers += [(_online_kind(value), value) for value in data.get("online", [])]
        return SignalInput(
            source_type=SOURCE_TYPE,
            account=data.get("account", ""),
            forms=list(data.get("exploitation_forms", [])),
            municipality=data.get("municipality", ""),
            place_type=data.get("place_type", ""),
            observed_on=data.get("observed_on"),
            immediate_danger=data.get("immediate_danger") == "yes",
            minor_involved=data.get("minor_involved") or "unknown",
            persons=persons,
            identifiers=identifiers,
        )

    def _person_paths(self, index: int, **fields: str) -> None:
        for attribute, field in fields.items():
            self._paths[f"persons.{index}.{attribute}"] = field

    def add_signal_errors(self, error: SignalInvalid) -> None:
        """Put the services' errors next to the fields they are about; a field that already shows an error of the
        form itself keeps only that one."""
        for path, messages in error.messages().items():
            field = self.FIELD_OF_PATH.get(path) or self._paths.get(path)
            if field and field in self._errors:
                continue
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


def _online_kind(value: str) -> str:
    return "url" if re.match(r"^(https?://|www\.)", value, re.IGNORECASE) or "/" in value else "handle"


def _regroup(value: str, size: int) -> str:
    """Codes are shown in groups (ABCD-EFGH); accept them typed with spaces, without dashes or in lower case."""
    letters = re.sub(r"[^0-9A-Za-z]", "", value).upper()
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


class ReceiptForm(forms.Form):
    """The receipt code and secret phrase: they travel only in POST bodies, never in a URL or a session."""

    code = _text(
        _("Receipt code"),
        40,
        required=ENTER_CODE,
        help_text=_("For example: ABCDE-FGHJK."),
        autocomplete="off",
        autocapitalize="characters",
        spellcheck="false",
    )
    phrase = _text(
        _("Secret phrase"),
        80,
        required=ENTER_PHRASE,
        help_text=_("The 20 letters and digits you wrote down, for example: ABCD-EFGH-JKLM-NPQR-STUV."),
        autocomplete="off",
        autocapitalize="characters",
        spellcheck="false",
    )

    def clean_code(self) -> str:
        return _regroup(self.cleaned_data["code"], 5)

    def clean_phrase(self) -> str:
        return _regroup(self.cleaned_data["phrase"], 4)


class AddInformationForm(ReceiptForm):
    """Adding information later; the receipt comes along as hidden fields of the same POST."""

    text = _text(
        _("What do you want to add?"),
        TEXT_LIMITS["account"],
        required=ENTER_TEXT,
        rows=6,
        help_text=_("For example something new you saw, or something you forgot to tell."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()
        self.fields["phrase"].widget = forms.HiddenInput()
