"""Forms of the inventory of campaigns and reporting points: the dashboard's filters, and the form functional admins
maintain an entry with. They only translate between HTTP and services.py; the rules and their messages live on the
model (models.InventoryEntry.clean) and in the service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samen.accounts.selectors import organisations_all
from samen.geo.models import Region
from samen.geo.selectors import municipalities_current
from samen.taxonomy.selectors import terms_current

from .models import NAME_REQUIRED, ORGANISATION_REQUIRED, SOURCE_REQUIRED, URL_INVALID, InventoryEntry, PlanNode

DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATE_INVALID = _("Enter a valid date (dd-mm-yyyy).")
RUNNING_CHOICES = [("", _("All")), ("yes", _("Running today")), ("no", _("Not running today"))]


def _form_choices() -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms_current("exploitation_form")]


class InventoryFilterForm(forms.Form):
    """The dashboard's filters (GET). A value that is not a choice is ignored, as the period selector does."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    form = forms.ChoiceField(label=_("Exploitation form"), required=False)
    running = forms.ChoiceField(label=_("Running"), required=False, choices=RUNNING_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *InventoryEntry.Kind.choices]
        self.fields["form"].choices = [("", _("All")), *_form_choices()]

    def filters(self) -> dict:
        """The valid filters, for selectors.inventory_filtered (without its `on`)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        running = {"yes": True, "no": False}.get(data.get("running") or "")
        return {"kind": data.get("kind") or "", "form": data.get("form") or "", "running": running}


class _DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": DATE_INVALID})
        kwargs.setdefault("widget", forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)


class InventoryEntryForm(forms.Form):
    slug = forms.SlugField(
        label=_("Identifier"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. chat-met-fier. It cannot be changed later."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InventoryEntry.Kind.choices)
    title_nl = forms.CharField(label=_("Name (Dutch)"), max_length=300, error_messages={"required": NAME_REQUIRED})
    title_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    organisation_name = forms.CharField(
        label=_("Run by"),
        max_length=300,
        help_text=_("The organisation that runs it, as the source names it."),
        error_messages={"required": ORGANISATION_REQUIRED},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation in Samen"),
        queryset=organisations_all(),
        required=False,
        help_text=_("Only when the organisation that runs it works in Samen."),
    )
    audience = forms.CharField(label=_("Target audience"), max_length=500, required=False)
    # Not called `forms`: that would hide the forms module in the rest of this class body.
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Exploitation forms"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        required=False,
        choices=InventoryEntry.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    start = _DateField(label=_("Start (dd-mm-yyyy)"), required=False)
    end = _DateField(label=_("End (dd-mm-yyyy)"), required=False, help_text=_("Leave empty when it has no end."))
    active = forms.BooleanField(
        label=_("Running, and the source states no period"),
        required=False,
        help_text=_("Only without a start and an end: with dates, the dates decide whether it runs."),
    )
    running_as_of = _DateField(
        label=_("Date of that source (dd-mm-yyyy)"),
        required=False,
        help_text=_("For an entry marked as running: it counts as running from this day on."),
    )
    period_note = forms.CharField(
        label=_("The period in the source's words"),
        max_length=300,
        required=False,
        help_text=_("For example “since 2015” or “in development (November 2024)”."),
    )
    scope = forms.ChoiceField(label=_("Scope"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("kind", "name"),
        required=False,
        help_text=_("For a regional scope."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=municipalities_current(),
        required=False,
        help_text=_("For a local scope. Hold Ctrl (or Cmd) to choose more than one."),
    )
    url = forms.URLField(
        label=_("Website"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": URL_INVALID},
    )
    description = forms.CharField(
        label=_("What it is"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    source = forms.CharField(
        label=_("Source document"),
        max_length=200,
        help_text=_("The document it is named in, e.g. a letter to Parliament with its date."),
        error_messages={"required": SOURCE_REQUIRED},
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions of the Action Plan"),
        queryset=PlanNode.objects.filter(kind=PlanNode.Kind.ACTION).order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, entry: InventoryEntry | None = None, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {
                **{name: getattr(entry, name) for name in self.base_fields if hasattr(entry, name)},
                "exploitation_forms": list(entry.forms or []),
                "municipalities": list(entry.municipalities.all()),
                "actions": list(entry.actions.all()),
                **kwargs["initial"],
            }
        super().__init__(*args, **kwargs)
        if entry is not None:
            del self.fields["slug"]
        self.fields["exploitation_forms"].choices = _form_choices()
        self.fields["scope"].choices = [("", _("Not stated")), *InventoryEntry.Scope.choices]
        self.fields["actions"].label_from_instance = lambda action: f"{action.code} {action.title}"

    def service_arguments(self) -> dict:
        """cleaned_data in the shape of services.inventory_entry_save."""
        data = dict(self.cleaned_data)
        data["forms"] = list(data.pop("exploitation_forms", None) or [])
        data["municipalities"] = list(data.get("municipalities") or [])
        data["actions"] = list(data.get("actions") or [])
        data["scope"] = data.get("scope") or ""
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors next to their fields (and in the error summary)."""
        for field, errors in error.error_dict.items():
            name = "exploitation_forms" if field == "forms" else field
            for item in errors:
                self.add_error(name if name in self.fields else None, item)
