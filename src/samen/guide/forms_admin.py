"""Forms of the Wegwijzer's admin pages: a contact, its texts per language, a rule set as YAML, and the answers of a
preview. They translate HTTP to the directory and rule-set services; messages are English msgids shown in Dutch."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from samen.geo.models import Municipality, Region, RegionKind

from .directory import ContactDetails
from .languages import CONTENT_LANGUAGES, FALLBACK
from .models import Contact
from .question_edits import COMPLETE_LANGUAGES, MAX_HELP, MAX_LABEL, MAX_OPTION, QuestionTexts
from .questions import QUESTIONS
from .routing import REGIONAL, Answers
from .rules_text import RulesTextInvalid, rules_from_text

WHO_LABELS = {
    "victim": _("I may be a victim"),
    "concerned": _("I am worried about someone"),
    "professional": _("I am a professional"),
}
FORM_LABELS = {
    "sexual": _("sexual exploitation"),
    "labour": _("labour exploitation"),
    "criminal": _("criminal exploitation"),
    "begging": _("forced begging"),
    "organ": _("organ removal"),
    "unknown": _("I don't know"),
}
AGE_LABELS = {"minor": _("under 18"), "adult": _("18 or older"), "unknown": _("not known")}
ORIGIN_LABELS = {"nl-eu": _("the Netherlands or the EU"), "non-eu": _("outside the EU"), "unknown": _("not known")}
YES_NO_LABELS = {"true": _("yes"), "false": _("no")}
ANSWER_LABELS = {
    "who": WHO_LABELS,
    "danger": YES_NO_LABELS,
    "form": FORM_LABELS,
    "age": AGE_LABELS,
    "unaccompanied": YES_NO_LABELS,
    "border": YES_NO_LABELS,
    "origin": ORIGIN_LABELS,
}

PHONE_INVALID = _(
    "Enter a phone number of digits, spaces and hyphens, with an optional + at the start, e.g. 0900-8844."
)
URL_INVALID = _("Enter a web address that starts with https://, or a page of Samen that starts with /.")
CHAT_URL_INVALID = _("Enter a chat address that starts with https://.")
LANGUAGES_INVALID = _("Enter language codes of two or three letters, separated by commas, e.g. nl,en,pl.")
REGION_NOT_REGIONAL = _("Only care coordinators and Veilig Thuis serve a region: leave the region empty for this kind.")
REGION_WRONG_KIND = _("Choose a region of the kind “%(region_kind)s” for this kind of contact.")
REGION_TAKEN = _("There is already an active contact of this kind for this region: %(name)s.")
NO_WAY_TO_REACH = _("Enter at least one way to reach this contact: phone, web address, chat or walk-in.")
NEEDS_DUTCH_OR_ENGLISH = _(
    "Enter a description in Dutch or English. Visitors in other languages then see the English text."
)
TEXT_NEEDED = _("Enter a text. Dutch and English are what visitors in other languages fall back to.")
CHECK_BEFORE_ADDING = _(
    "Check the details against the organisation's own information before you add the contact, then tick this box."
)

PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 ()-]*")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
REGION_KINDS = (RegionKind.CARE_REGION, RegionKind.VEILIG_THUIS_REGION)


def _https(value: str) -> bool:
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        return False
    return True


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region: Region) -> str:
        return f"{region.get_kind_display()}: {region.name}"


class ContactForm(forms.Form):
    """A contact and its texts in every content language. Typed values are kept on every error."""

    kind = forms.ChoiceField(
        label=_("Kind"), help_text=_("Which advice of the routing rules this contact answers, e.g. police.")
    )
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(kind__in=REGION_KINDS).order_by("kind", "name"),
        required=False,
        empty_label=_("None: a national contact"),
        help_text=_("Only for care coordinators and Veilig Thuis: the region this contact serves."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, help_text=_("As people dial it."))
    url = forms.CharField(
        label=_("Web address"),
        max_length=300,
        required=False,
        help_text=_("https://… or a page of Samen such as /melden/."),
    )
    chat_url = forms.CharField(label=_("Chat address"), max_length=300, required=False, help_text=_("https://…"))
    walk_in = forms.CharField(
        label=_("Walk-in"), max_length=200, required=False, help_text=_("An address, or 'by appointment'.")
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=_("Language codes separated by commas, e.g. nl,en,pl."),
    )
    can_be_anonymous = forms.BooleanField(label=_("Can be contacted anonymously"), required=False)
    checked_today = forms.BooleanField(
        label=_("I checked these details today against the organisation's own information"), required=False
    )

    def __init__(self, *args, kinds: list[str], contact: Contact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact
        self.fields["kind"].choices = [("", "—")] + [(kind, kind) for kind in kinds]
        for code, language in CONTENT_LANGUAGES.items():
            pending = (
                ""
                if code == FALLBACK
                else str(_("Empty: visitors see the English text, marked “translation pending”."))
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": language},
                max_length=1000,
                required=False,
                help_text=pending,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )
            self.fields[f"hours_{code}"] = forms.CharField(
                label=_("Opening hours (%(language)s)") % {"language": language},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"lang": code}),
            )
        self.order_fields([name for name in self.fields if name != "checked_today"] + ["checked_today"])

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        initial = {
            "kind": contact.kind,
            "region": contact.region_id,
            "name": contact.name,
            "phone": contact.phone,
            "url": contact.url,
            "chat_url": contact.chat_url,
            "walk_in": contact.walk_in,
            "languages": contact.languages,
            "can_be_anonymous": contact.can_be_anonymous,
        }
        for code in CONTENT_LANGUAGES:
            entry = (contact.translations or {}).get(code) or {}
            initial[f"description_{code}"] = entry.get("description", "")
            initial[f"hours_{code}"] = entry.get("hours", "")
        return initial

    def language_fields(self):
        """(code, name, description field, hours field) per content language, for one fieldset each."""
        return [
            (code, name, self[f"description_{code}"], self[f"hours_{code}"]) for code, name in CONTENT_LANGUAGES.items()
        ]

    def general_fields(self):
        return [self[name] for name in self.fields if not name.startswith(("description_", "hours_", "checked_"))]

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_PATTERN.fullmatch(phone):
            raise ValidationError(PHONE_INVALID, code="phone_invalid")
        return phone

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url:
            return url
        own_page = url.startswith("/") and not url.startswith("//") and not any(c.isspace() for c in url)
        if not (own_page or _https(url)):
            raise ValidationError(URL_INVALID, code="url_invalid")
        return url

    def clean_chat_url(self):
        url = self.cleaned_data["chat_url"].strip()
        if url and not _https(url):
            raise ValidationError(CHAT_URL_INVALID, code="chat_url_invalid")
        return url

    def clean_languages(self):
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",") if code.strip()]
        if any(not LANGUAGE_CODE.fullmatch(code) for code in codes):
            raise ValidationError(LANGUAGES_INVALID, code="languages_invalid")
        return ",".join(dict.fromkeys(codes))

    def clean_checked_today(self):
        checked = self.cleaned_data["checked_today"]
        if self.contact is None and not checked:
            raise ValidationError(CHECK_BEFORE_ADDING, code="check_before_adding")
        return checked

    def clean(self):
        data = super().clean()
        self._clean_region(data)
        if not any(data.get(name) for name in ("phone", "url", "chat_url", "walk_in")) and "phone" not in self.errors:
            self.add_error("phone", ValidationError(NO_WAY_TO_REACH, code="no_way_to_reach"))
        if not (data.get("description_nl", "").strip() or data.get("description_en", "").strip()):
            self.add_error("description_nl", ValidationError(NEEDS_DUTCH_OR_ENGLISH, code="needs_dutch_or_english"))
        return data

    def _clean_region(self, data: dict) -> None:
        region, kind = data.get("region"), data.get("kind")
        if region is None or not kind:
            return
        expected = REGIONAL.get(kind)
        if expected is None:
            self.add_error("region", ValidationError(REGION_NOT_REGIONAL, code="region_not_regional"))
        elif region.kind != expected:
            label = RegionKind(expected).label
            self.add_error(
                "region",
                ValidationError(REGION_WRONG_KIND, code="region_wrong_kind", params={"region_kind": label}),
            )
        else:
            taken = Contact.objects.filter(kind=kind, region=region, is_active=True)
            if self.contact is not None:
                taken = taken.exclude(pk=self.contact.pk)
            if other := taken.first():
                self.add_error(
                    "region", ValidationError(REGION_TAKEN, code="region_taken", params={"name": other.name})
                )

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            kind=data["kind"],
            name=data["name"].strip(),
            region=data["region"],
            phone=data["phone"],
            url=data["url"],
            chat_url=data["chat_url"],
            walk_in=data["walk_in"].strip(),
            languages=data["languages"],
            can_be_anonymous=data["can_be_anonymous"],
            translations={
                code: {"description": data[f"description_{code}"], "hours": data[f"hours_{code}"]}
                for code in CONTENT_LANGUAGES
            },
        )


class ContactTextForm(forms.Form):
    """One language's texts of a contact."""

    description = forms.CharField(
        label=_("Description"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["lang"] = language


class QuestionTextForm(forms.Form):
    """One language's texts of a question: the question, its help text and each answer. Dutch and English need the
    question and every answer; in another language an empty text shows the English one, marked "translation
    pending"."""

    label = forms.CharField(label=_("Question"), max_length=MAX_LABEL, required=False)
    help = forms.CharField(
        label=_("Help text"),
        max_length=MAX_HELP,
        required=False,
        help_text=_("Optional: a short explanation under the question."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, code: str, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        for value in QUESTIONS[code]:
            self.fields[f"option_{value}"] = forms.CharField(
                label=_("Answer: %(answer)s") % {"answer": ANSWER_LABELS[code][value]},
                max_length=MAX_OPTION,
                required=False,
            )
        complete = language in COMPLETE_LANGUAGES
        for name, field in self.fields.items():
            field.widget.attrs["lang"] = language
            if complete and name != "help":
                field.required = True
                field.error_messages["required"] = TEXT_NEEDED
        if not complete:
            self.fields["label"].help_text = _("Empty: visitors see the English text, marked “translation pending”.")

    @classmethod
    def initial_for(cls, code: str, translations: dict, language: str) -> dict:
        own = translations.get(language) or {}
        options = own.get("options") or {}
        return {
            "label": own.get("label", ""),
            "help": own.get("help", ""),
            **{f"option_{value}": options.get(value, "") for value in QUESTIONS[code]},
        }

    def option_fields(self):
        return [self[f"option_{value}"] for value in QUESTIONS[self.code]]

    def texts(self) -> QuestionTexts:
        data = self.cleaned_data
        return QuestionTexts(
            label=data["label"],
            help=data["help"],
            options={value: data[f"option_{value}"] for value in QUESTIONS[self.code]},
        )


class RulesForm(forms.Form):
    """A rule set as YAML text. The text is kept as typed when it has a problem; the problem shows next to it."""

    note = forms.CharField(
        label=_("What changes in this version"),
        max_length=200,
        help_text=_("A short note for colleagues, e.g. 'Fier also for adults'."),
    )
    rules = forms.CharField(
        label=_("Rules (YAML)"),
        max_length=100_000,
        strip=False,
        help_text=_(
            "Ordered rules. Every rule whose conditions all hold advises its contact kinds; the first rule that "
            "advises a kind gives the reason shown. Conditions: who, danger, form, age, origin, border, "
            "unaccompanied; a list means 'one of'."
        ),
        widget=forms.Textarea(
            attrs={"rows": 30, "class": "rules-yaml", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def clean_rules(self) -> list:
        try:
            return rules_from_text(self.cleaned_data["rules"])
        except RulesTextInvalid as problem:
            raise ValidationError(problem.message, code=problem.code) from problem


def _choices(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())


class PreviewForm(forms.Form):
    """The answers of one visitor, to see the advice of two rule versions side by side. A GET form: no state."""

    who = forms.ChoiceField(label=_("Who is asking"), choices=_choices(WHO_LABELS), initial="victim")
    danger = forms.BooleanField(label=_("Someone is in danger now"), required=False)
    form = forms.ChoiceField(label=_("What is happening"), choices=_choices(FORM_LABELS), initial="unknown")
    age = forms.ChoiceField(label=_("Age of the person"), choices=_choices(AGE_LABELS), initial="unknown")
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    lang = forms.ChoiceField(label=_("Language of the content"), choices=list(CONTENT_LANGUAGES.items()), initial="nl")
    origin = forms.ChoiceField(
        label=_("Where the person comes from"), choices=_choices(ORIGIN_LABELS), initial="unknown"
    )
    border = forms.BooleanField(label=_("At a border or an airport"), required=False)
    unaccompanied = forms.BooleanField(label=_("A minor without parents in the Netherlands"), required=False)

    DEFAULTS = {"who": "victim", "form": "unknown", "age": "unknown", "lang": "nl", "origin": "unknown"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("not given"))] + list(
            Municipality.objects.order_by("name").values_list("code", "name")
        )

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            who=data["who"],
            danger=data["danger"],
            form=data["form"],
            age=data["age"],
            municipality=data["municipality"],
            origin=data["origin"],
            border=data["border"],
            unaccompanied=data["unaccompanied"],
            lang=data["lang"],
        )
