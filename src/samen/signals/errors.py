"""Validation errors of signals, with a stable code per problem and a message in the user's language."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "required": _("This field is required."),
    "unknown_source_type": _("Choose one of the listed source types."),
    "unknown_form": _("Choose exploitation forms from the list."),
    "unknown_indicator": _("Choose indicators from the list."),
    "unknown_municipality": _("There is no municipality with this name or CBS code (e.g. GM0363)."),
    "unknown_place_type": _("Choose one of the listed kinds of place."),
    "unknown_person_role": _("Choose possible victim, possible perpetrator or other."),
    "unknown_gender": _("Choose one of the listed genders."),
    "unknown_identifier_kind": _("Choose one of the listed kinds of identifier."),
    "unknown_minor": _("Answer yes, no or unknown."),
    "too_long": _("This is too long."),
    "future_date": _("This date lies in the future."),
    "too_old": _("Enter an age between 0 and 120."),
    "too_many": _("Too many items."),
    "invalid_date": _("Enter a valid date (dd-mm-yyyy)."),
}


class SignalInvalid(ValueError):
    """Carries {field path: [code, ...]}; `messages()` turns codes into readable text."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors

    def messages(self) -> dict[str, list[str]]:
        return {path: [str(MESSAGES.get(code, code)) for code in codes] for path, codes in self.errors.items()}
