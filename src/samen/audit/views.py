from django.core.paginator import Paginator
from django.shortcuts import render

from samen.accounts.decorators import requires_permission
from samen.accounts.selectors import organisation_names_by_id, user_ids_with_username, usernames_by_id

from .forms import AuditSearchForm
from .models import Action
from .selectors import audit_events_search
from .services import audit_record

PAGE_SIZE = 50


@requires_permission("audit.search_audit")
def search(request):
    """The privacy officer's view of the trail: who touched what, when, why. The trail holds no case content."""
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        actor_ids = user_ids_with_username(data["person"]) if data["person"] else None
        events = audit_events_search(
            actor_ids=actor_ids,
            organisation_id=str(data["organisation"].pk) if data["organisation"] else "",
            object_type=data["object_type"],
            object_id=data["object_id"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        audit_record(
            actor=request.user,
            action=Action.SEARCH,
            object_type="audit.auditevent",
            purpose="privacy-oversight",
        )
        _label_actors(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


def _label_actors(events) -> None:
    users = usernames_by_id({event.actor_id for event in events})
    organisations = organisation_names_by_id({event.actor_organisation_id for event in events})
    for event in events:
        event.actor_label = users.get(event.actor_id, "")
        event.organisation_label = organisations.get(event.actor_organisation_id, "")
