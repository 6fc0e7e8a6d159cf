"""Forms of the Wegwijzer: the guided questions and the search box.

Answers travel as GET parameters, never in a cookie or a session, so a visitor leaves no trace on the server but
the page itself. The API checks its query parameters with the same GuideForm: the pages and the API refuse the same
answers with the same codes (required, invalid_choice, unknown_municipality, max_length). What the questions say is
content in the visitor's language (samen.guide.questions); the answer codes are fixed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.taxonomy.selectors import terms_current

from .languages import CONTENT_LANGUAGES
from .places import (  # noqa: F401 - the messages are part of the form's interface (tests and views use them)
    MUNICIPALITY_CODE,
    POSTCODE_NOT_YET,
    POSTCODE_UNKNOWN,
    UNKNOWN_MUNICIPALITY,
    Place,
    place_find,
)
from .questions import QUESTIONS, QuestionView, question_views
from .routing import Answers

TRUE, FALSE = "true", "false"

CHOOSE_WHO = _("Choose who you are.")
ANSWER_DANGER = _("Answer yes or no: is someone in danger right now?")
CHOOSE_OPTION = _("Choose one of the options.")
TOO_LONG = _("This is too long: at most %(limit_value)s characters.")
NOT_ALLOWED_CHARACTER = _("This contains a character that is not allowed. Remove it and try again.")
MAX_MUNICIPALITY = 100
MAX_QUERY = 100
QUESTION_TEMPLATE = "guide/question_field.html"


class QuestionRadioSelect(forms.RadioSelect):
    """Radio buttons whose answers may each be written in another language than the page (English where a
    translation is pending): each answer carries its language, so screen readers pronounce it right."""

    option_template_name = "guide/widgets/question_option.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_langs: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        option["lang"] = self.option_langs.get(str(value), "")
        return option


def _messages(required=CHOOSE_OPTION) -> dict:
    return {
        "required": required,
        "invalid_choice": CHOOSE_OPTION,
        "max_length": TOO_LONG,
        "null_characters_not_allowed": NOT_ALLOWED_CHARACTER,
    }


def _radio(code: str, *, required=None) -> forms.ChoiceField:
    """A question with fixed answers; its texts are set per language when the form is made."""
    return forms.ChoiceField(
        choices=[(value, value) for value in QUESTIONS[code]],
        required=bool(required),
        widget=QuestionRadioSelect,
        template_name=QUESTION_TEMPLATE,
        error_messages=_messages(required or CHOOSE_OPTION),
    )


class GuideForm(forms.Form):
    """The Wegwijzer's questions. Only who and danger are required; every other question may be left open. The
    questions are written in the content language the visitor chose (`lang`), else in `default_lang`."""

    who = _radio("who", required=CHOOSE_WHO)
    sector = forms.ChoiceField(required=False, template_name=QUESTION_TEMPLATE, error_messages=_messages())
    danger = _radio("danger", required=ANSWER_DANGER)
    form = _radio("form")
    age = _radio("age")
    unaccompanied = _radio("unaccompanied")
    border = _radio("border")
    origin = _radio("origin")
    municipality = forms.CharField(
        required=False,
        max_length=MAX_MUNICIPALITY,
        widget=forms.TextInput(attrs={"list": "guide-municipalities", "autocomplete": "off", "spellcheck": "false"}),
        template_name=QUESTION_TEMPLATE,
        error_messages=_messages(),
    )
    lang = forms.ChoiceField(
        label=_("Language of the advice"),
        help_text=_("Where a text is not yet translated, you see the English text."),
        choices=list(CONTENT_LANGUAGES.items()),
        required=False,
        error_messages=_messages(),
    )

    def __init__(self, *args, default_lang: str = "nl", texts: dict[str, QuestionView] | None = None, **kwargs):
        """`texts` replaces the texts of some questions: an admin's preview of texts not saved yet."""
        super().__init__(*args, **kwargs)
        self.default_lang = default_lang if default_lang in CONTENT_LANGUAGES else "nl"
        self.place: Place | None = None
        self.fields["sector"].choices = [("", _("Choose your sector")), *sector_choices()]
        self.fields["lang"].initial = self.default_lang
        self.content_lang = self._content_lang()
        self.questions = {**question_views(self.content_lang), **(texts or {})}
        for code, question in self.questions.items():
            self._write(self.fields[code], question)

    def _content_lang(self) -> str:
        wanted = (self.data if self.is_bound else self.initial).get("lang") or ""
        return wanted if wanted in CONTENT_LANGUAGES else self.default_lang

    @staticmethod
    def _write(field: forms.Field, question: QuestionView) -> None:
        field.label = question.label.text
        field.help_text = question.help.text
        field.question = question  # the field's template marks text in another language and pending translations
        if question.options:
            field.choices = [(value, text.text) for value, text in question.options.items()]
            field.widget.option_langs = {value: text.lang for value, text in question.options.items()}

    @property
    def pending(self) -> bool:
        """Some question shows the English text because the chosen language has none yet."""
        return any(question.pending for question in self.questions.values())

    def clean_municipality(self) -> str:
        self.place = place_find(self.cleaned_data["municipality"])
        return self.place.code if self.place else ""

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
