"""Drafts of the professional intake: everything typed is kept, so nothing is lost when work is interrupted.

A draft holds personal data the professional typed, so it is only ever visible to its owner and every save,
reopening and discarding is written to the audit trail.
"""

from django.db import transaction
from django.db.models import QuerySet

from samen.audit.models import Action
from samen.audit.services import audit_record

from .models import Draft

MAX_VALUE_LENGTH = 10_000
MAX_VALUES_PER_FIELD = 50
PURPOSE = "signal-intake"


def draft_data(post, allowed: set[str]) -> dict[str, list[str]]:
    """The typed form values worth keeping: only the form's own fields, bounded in size, as lists of strings."""
    data = {}
    for name in sorted(allowed):
        # PostgreSQL's JSON refuses NUL characters; nobody types them on purpose.
        values = [
            str(value).replace("\x00", "")[:MAX_VALUE_LENGTH] for value in post.getlist(name)[:MAX_VALUES_PER_FIELD]
        ]
        if any(value.strip() for value in values):
            data[name] = values
    return data


@transaction.atomic
def draft_save(*, owner, data: dict[str, list[str]], draft: Draft | None = None) -> Draft:
    """Create a draft, or replace the content of the owner's existing one."""
    if draft is None:
        draft = Draft.objects.create(owner=owner, data=data)
        action = Action.CREATE
    else:
        if draft.owner_id != owner.pk:
            raise Draft.DoesNotExist("not the owner's draft")
        draft.data = data
        draft.save(update_fields=["data", "updated_at"])
        action = Action.UPDATE
    audit_record(actor=owner, action=action, object_type="signals.draft", object_id=draft.pk, purpose=PURPOSE)
    return draft


@transaction.atomic
def draft_discard(*, draft: Draft, by) -> None:
    """Delete a draft (after its signal was submitted, or when its owner throws it away)."""
    if draft.owner_id != by.pk:
        raise Draft.DoesNotExist("not the owner's draft")
    draft_id = draft.pk
    draft.delete()
    audit_record(actor=by, action=Action.DELETE, object_type="signals.draft", object_id=draft_id, purpose=PURPOSE)


def drafts_of(user) -> QuerySet[Draft]:
    """A person's own drafts, newest first. Nobody else's: not even a colleague's."""
    if not user.is_authenticated:
        return Draft.objects.none()
    return Draft.objects.filter(owner=user)


def draft_of(user, pk) -> Draft | None:
    return drafts_of(user).filter(pk=pk).first()


def draft_open(*, user, pk) -> Draft | None:
    """The owner's draft, with the read written to the audit trail; None for anyone else."""
    draft = draft_of(user, pk)
    if draft is not None:
        audit_record(actor=user, action=Action.READ, object_type="signals.draft", object_id=draft.pk, purpose=PURPOSE)
    return draft
