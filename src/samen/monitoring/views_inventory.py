"""Maintenance of the inventory of awareness campaigns and reporting points, for functional admins and programme staff
(monitoring.manage_inventory): the list, a new entry, and changing one. An entry changed here is maintained by hand
from then on; `samen load-plan` leaves it alone. Thin: the rules live on the model and in services.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.accounts.decorators import requires_permission

from .forms_inventory import InventoryEntryForm
from .inventory import inventory_groups
from .models import InventoryEntry
from .selectors import inventory_all
from .services import inventory_entry_save

MANAGE = "monitoring.manage_inventory"
SLUG_TAKEN = gettext_lazy("There is already an entry with this identifier.")
# The maintenance URLs use these words for the page of a new entry; an entry cannot be called that.
RESERVED_SLUGS = {"new", "nieuw"}


@requires_permission(MANAGE)
def inventory(request):
    today = timezone.localdate()
    return render(request, "monitoring/inventory/list.html", {"groups": inventory_groups(inventory_all(), day=today)})


def _edit(request, entry: InventoryEntry | None):
    if request.method == "POST":
        form = InventoryEntryForm(request.POST, entry=entry)
        if form.is_valid():
            arguments = form.service_arguments()
            slug = arguments.pop("slug", "")
            try:
                if entry is None and (slug in RESERVED_SLUGS or InventoryEntry.objects.filter(slug=slug).exists()):
                    raise ValidationError({"slug": [ValidationError(SLUG_TAKEN, code="slug_taken")]})
                saved = inventory_entry_save(by=request.user, entry=entry, slug=slug, **arguments)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Saved. From now on Samen keeps this entry as you maintain it here."))
                return redirect("monitoring:inventory_entry", slug=saved.slug)
    else:
        form = InventoryEntryForm(entry=entry)
    return render(
        request,
        "monitoring/inventory/edit.html",
        {"form": form, "entry": entry},
        status=400 if form.errors else 200,
    )


@requires_permission(MANAGE)
def inventory_new(request):
    return _edit(request, None)


@requires_permission(MANAGE)
def inventory_entry(request, slug: str):
    return _edit(request, get_object_or_404(InventoryEntry, slug=slug))
