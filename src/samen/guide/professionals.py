"""Content of the page for professionals: what to do when in doubt, the indicators per form and the reporting duties
per organisation type. Indicators and duties come from the vocabulary (Dutch and English); the steps are
interface text."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from samen.taxonomy.selectors import terms_current

# (anchor, title, text) of the three steps when a professional doubts.
DOUBT_STEPS = [
    (
        "observe",
        _("1. Observe"),
        _(
            "Write down what you see and hear, with dates, as facts and in the words people used. Do not start "
            "your own investigation and do not confront anyone: that can put the person in danger."
        ),
    ),
    (
        "consult",
        _("2. Consult"),
        _(
            "Discuss your doubts with a colleague, the contact person for human trafficking in your organisation, "
            "or the care coordinator of your region. About a minor you can ask Veilig Thuis for advice without "
            "giving names."
        ),
    ),
    (
        "report",
        _("3. Report"),
        _(
            "Pass on the signal: to the police (0900-8844), through the professional intake of Samen, or to CoMensha "
            "for a possible victim. Is someone in danger right now? Call 112."
        ),
    ),
]
INDICATORS_NOTE = _(
    "Indicators are signals, never proof. One indicator is rarely enough; several together are a reason to consult "
    "or report."
)


@dataclass(frozen=True)
class FormIndicators:
    code: str
    label: str
    description: str
    indicators: list[str]


@dataclass(frozen=True)
class ReportingDuty:
    code: str
    label: str
    description: str
    duty: str


def vocabulary_language(lang: str) -> str:
    """The vocabulary is written in Dutch and English: every other language reads the English."""
    return "nl" if lang == "nl" else "en"


def indicators_per_form(lang: str) -> list[FormIndicators]:
    language = vocabulary_language(lang)
    result = []
    for form in terms_current("exploitation_form").exclude(code="unknown"):
        indicators = [getattr(term, f"label_{language}") for term in terms_current("indicator", parent=form.code)]
        result.append(
            FormIndicators(
                code=form.code,
                label=getattr(form, f"label_{language}"),
                description=getattr(form, f"description_{language}"),
                indicators=indicators,
            )
        )
    return result


def reporting_duties(lang: str) -> list[ReportingDuty]:
    language = vocabulary_language(lang)
    return [
        ReportingDuty(
            code=term.code,
            label=getattr(term, f"label_{language}"),
            description=getattr(term, f"description_{language}"),
            duty=term.extra.get(f"reporting_duty_{language}", ""),
        )
        for term in terms_current("organisation_type")
        if term.extra.get(f"reporting_duty_{language}")
    ]


def reporting_duty(code: str, lang: str) -> ReportingDuty | None:
    return next((duty for duty in reporting_duties(lang) if duty.code == code), None)
