"""What a person can do here, derived from their named permissions (never from role names)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Task:
    title: str
    description: str
    url_name: str
    permission: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


TASKS = [
    Task(
        _("Search the audit trail"),
        _("Who read or changed which personal data, when and why."),
        "audit:search",
        "audit.search_audit",
    ),
    Task(
        _("Manage people"),
        _("Add colleagues of your organisation and give them roles."),
        "accounts:people",
        "accounts.manage_people",
    ),
]


def tasks_for(user) -> list[Task]:
    return [task for task in TASKS if user.has_perm(task.permission)]
