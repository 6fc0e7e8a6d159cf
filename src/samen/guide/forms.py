"""Forms of the Wegwijzer: the guided questions and the search box.

Answers travel as GET parameters, never in a cookie or a session, so a visitor leaves no trace on the server but
the page itself. The API checks its query parameters with the same GuideForm: the pages and the API refuse the same
answers with the same codes (required, invalid_choice, unknown_municipality, max_length).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.geo.selectors import municipalities_current
from samen.geo.services import UnknownMunicipality, regions_serving
from samen.taxonomy.selectors import terms_current

from .languages import CONTENT_LANGUAGES
from .routing import Answers

TRUE, FALSE = "true", "false"

CHOOSE_WHO = _("Choose who you are.")
ANSWER_DANGER = _("Answer yes or no: is someone in danger right now?")
CHOOSE_OPTION = _("Choose one of the options.")
TOO_LONG = _("This is too long: at most %(limit_value)s characters.")
NOT_ALLOWED_CHARACTER = _("This contains a character that is not allowed. Remove it and try again.")
UNKNOWN_MUNICIPALITY = _(
    "We do not know this municipality. Check the spelling, choose a name from the list, or leave this question empty."
)
POSTCODE_NOT_YET = _(
    "We cannot look up a postcode yet. Type the name of the municipality instead, for example Amsterdam."
)
MUNICIPALITY_CODE = "unknown_municipality"
MAX_MUNICIPALITY = 100
MAX_QUERY = 100

_POSTCODE = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
# Names people use for a municipality whose official (CBS) name differs.
_ALIASES = {"den haag": "'s-gravenhage", "the hague": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}

WHO_CHOICES = [
    ("victim", _("I may be a victim myself")),
    ("concerned", _("I am worried about someone else")),
    ("professional", _("I am a professional, for example in care, education, the police or a municipality")),
]
YES_NO = [(TRUE, _("Yes")), (FALSE, _("No"))]
FORM_CHOICES = [
    ("sexual", _("Someone is forced or tricked into sex or sex work, and someone else earns from it")),
    (
        "labour",
        _("Someone has to work very hard for little or no pay and cannot leave or say no, also in someone's home"),
    ),
    ("criminal", _("Someone is forced or tricked into crime, such as carrying drugs or stealing")),
    ("begging", _("Someone is forced to beg and must hand over the money")),
    ("organ", _("Someone is pushed to give up an organ, such as a kidney")),
    ("unknown", _("I don't know, or it is something else")),
]
AGE_CHOICES = [
    ("minor", _("Yes, younger than 18")),
    ("adult", _("No, 18 or older")),
    ("unknown", _("I don't know")),
]
ORIGIN_CHOICES = [
    ("non-eu", _("Yes, from outside the European Union")),
    ("nl-eu", _("No, from the Netherlands or another EU country")),
    ("unknown", _("I don't know")),
]


def _messages(required=CHOOSE_OPTION) -> dict:
    return {
        "required": required,
        "invalid_choice": CHOOSE_OPTION,
        "max_length": TOO_LONG,
        "null_characters_not_allowed": NOT_ALLOWED_CHARACTER,
    }


def _radio(label, choices, *, required=None, help_text="") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=bool(required),
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages=_messages(required or CHOOSE_OPTION),
    )


def _fold(text: str) -> str:
    """Lower case without accents or extra spaces: 'Súdwest-Fryslân ' and 'sudwest-fryslan' are the same."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def municipality_code(text: str) -> str:
    """The CBS code of a municipality typed by name (any case, with or without accents) or by code ('GM0363',
    '363'); '' when nothing was typed. Raises ValidationError with code unknown_municipality."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    if _POSTCODE.match(text):
        raise ValidationError(POSTCODE_NOT_YET, code=MUNICIPALITY_CODE)
    wanted = _fold(text)
    wanted = _ALIASES.get(wanted, wanted)
    by_name, by_short_name = {}, {}
    for code, name in municipalities_current().values_list("code", "name"):
        by_name[_fold(name)] = code
        # 'Rijswijk (ZH.)' may be typed as 'Rijswijk'.
        by_short_name.setdefault(_fold(name.split(" (")[0]), []).append(code)
    if wanted in by_name:
        return by_name[wanted]
    if len(by_short_name.get(wanted, [])) == 1:
        return by_short_name[wanted][0]
    try:
        return regions_serving(text).municipality.code
    except UnknownMunicipality as error:
        raise ValidationError(UNKNOWN_MUNICIPALITY, code=MUNICIPALITY_CODE) from error


class GuideForm(forms.Form):
    """The Wegwijzer's questions. Only who and danger are required; every other question may be left open."""

    who = _radio(_("Who are you?"), WHO_CHOICES, required=CHOOSE_WHO)
    sector = forms.ChoiceField(
        label=_("In which sector do you work?"),
        help_text=_("Only for professionals. We then also show what your organisation has to report."),
        required=False,
        error_messages=_messages(),
    )
    danger = _radio(
        _("Is someone in danger right now?"),
        YES_NO,
        required=ANSWER_DANGER,
        help_text=_("For example: someone is being held, threatened or hurt at this moment."),
    )
    form = _radio(
        _("What is happening?"),
        FORM_CHOICES,
        help_text=_("Choose what fits best. It does not have to be exact."),
    )
    age = _radio(
        _("Is the person younger than 18?"),
        AGE_CHOICES,
        help_text=_("If it is about yourself: are you younger than 18?"),
    )
    unaccompanied = _radio(
        _("Is the young person in the Netherlands without their parents?"),
        YES_NO,
        help_text=_("Only for someone younger than 18."),
    )
    border = _radio(_("Is it happening at a border, in a port or at an airport?"), YES_NO)
    origin = _radio(_("Does the person come from a country outside the European Union?"), ORIGIN_CHOICES)
    municipality = forms.CharField(
        label=_("In which municipality is it happening?"),
        help_text=_(
            "Type the name, for example Amsterdam, or the CBS code, for example GM0363. "
            "We then show the help in that region."
        ),
        required=False,
        max_length=MAX_MUNICIPALITY,
        widget=forms.TextInput(attrs={"list": "guide-municipalities", "autocomplete": "off", "spellcheck": "false"}),
        error_messages=_messages(),
    )
    lang = forms.ChoiceField(
        label=_("Language of the advice"),
        help_text=_("Where a text is not yet translated, you see the English text."),
        choices=list(CONTENT_LANGUAGES.items()),
        required=False,
        error_messages=_messages(),
    )

    def __init__(self, *args, default_lang: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.default_lang = default_lang if default_lang in CONTENT_LANGUAGES else "nl"
        self.fields["sector"].choices = [("", _("Choose your sector")), *sector_choices()]
        self.fields["lang"].initial = self.default_lang

    def clean_municipality(self) -> str:
        return municipality_code(self.cleaned_data["municipality"])

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            who=data["who"],
            danger=data["danger"] == TRUE,
            form=data["form"] or "unknown",
            age=data["age"] or "unknown",
            municipality=data["municipality"],
            origin=data["origin"] or "unknown",
            border=data["border"] == TRUE,
            unaccompanied=data["unaccompanied"] == TRUE,
            lang=data["lang"] or self.default_lang,
        )


def sector_choices() -> list[tuple[str, str]]:
    """The organisation types of the vocabulary, as sectors a professional may work in."""
    return [(term.code, term.label) for term in terms_current("organisation_type")]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the guide"),
        help_text=_("For example: chat, anonymous, work, Veilig Thuis."),
        required=False,
        max_length=MAX_QUERY,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages=_messages(),
    )
    lang = forms.ChoiceField(
        label=_("Language of the content"),
        choices=list(CONTENT_LANGUAGES.items()),
        required=False,
        error_messages=_messages(),
    )

    def __init__(self, *args, default_lang: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].initial = default_lang
