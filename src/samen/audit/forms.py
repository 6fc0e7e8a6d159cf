from django import forms
from django.utils.translation import gettext_lazy as _

from samen.accounts.selectors import organisations_all

from .models import Action


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("Person (user name)"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=organisations_all(), required=False, empty_label=_("All")
    )
    object_type = forms.CharField(
        label=_("Object type"), max_length=64, required=False, help_text=_("For example accounts.user")
    )
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + Action.choices)
    date_from = forms.DateField(
        label=_("From (dd-mm-yyyy)"),
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Enter a valid date (dd-mm-yyyy).")},
    )
    date_to = forms.DateField(
        label=_("Up to and including (dd-mm-yyyy)"),
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Enter a valid date (dd-mm-yyyy).")},
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error(
                "date_to",
                forms.ValidationError(_("The end date lies before the start date."), code="date_order"),
            )
        return data
