"""Classes of a signal's fields that a covenant can allow per party type. A member sees a class only if the
covenant version allows it for their organisation's type; everything else is absent, not hidden."""

from django.utils.translation import gettext_lazy as _

BASIC = "basic"  # reference, received date, forms, urgency: what every member needs to discuss it at all
PLACE = "place"  # municipality and kind of place
ACCOUNT = "account"  # the reporter's free text
INDICATORS = "indicators"
PERSONS = "persons"  # names, ages, gender, nationality of involved persons
IDENTIFIERS = "identifiers"  # phone numbers, plates, IBANs, handles, addresses, URLs
ATTACHMENTS = "attachments"
ENRICHMENTS = "enrichments"  # what other members added

FIELD_CLASSES = {
    BASIC: _("reference, date, forms and urgency"),
    PLACE: _("place"),
    ACCOUNT: _("account of what was seen"),
    INDICATORS: _("indicators"),
    PERSONS: _("involved persons"),
    IDENTIFIERS: _("identifiers (phone numbers, plates, accounts, handles)"),
    ATTACHMENTS: _("attachments"),
    ENRICHMENTS: _("findings of other members"),
}
