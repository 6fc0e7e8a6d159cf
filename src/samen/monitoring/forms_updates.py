"""Forms of the progress pages: one update for one action, and a CSV file with many. They only translate between
HTTP and services.py; the rules (and their Dutch messages) live in the service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import PlanNode
from .periods import recent_periods


def period_label(period: str) -> str:
    year, half = period.split("-H")
    return str(_("first half of %(year)s") if half == "1" else _("second half of %(year)s")) % {"year": year}


class ProgressUpdateForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), help_text=_("The half year this update is about."))
    status = forms.ChoiceField(label=_("Status"), choices=PlanNode.Status.choices)
    percent_complete = forms.IntegerField(
        label=_("Progress (percent)"),
        min_value=0,
        max_value=100,
        help_text=_("How far the action is, from 0 to 100. An action that is done is at 100."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    narrative = forms.CharField(
        label=_("What was done and what did it achieve?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe what was done and what it achieved.")},
    )
    evidence = forms.CharField(
        label=_("Evidence or sources (optional)"),
        required=False,
        max_length=2000,
        help_text=_("For example a report, a decision or a web page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_steps = forms.CharField(
        label=_("Next steps (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period, period_label(period)) for period in recent_periods(2)]

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors next to their fields (and in the error summary)."""
        for field, errors in error.error_dict.items():
            for item in errors:
                self.add_error(field if field in self.fields else None, item)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: code, period, status, percent_complete, narrative, evidence, next_steps. Separated by commas "
            "or semicolons; the first row holds the column names."
        ),
        error_messages={"required": _("Choose a CSV file.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
