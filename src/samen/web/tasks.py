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
        _("Report a signal"),
        _("Record a possible case of human trafficking you came across in your work. Save a draft at any time."),
        "signals:new",
        "signals.intake_signal",
    ),
    Task(
        _("Signals"),
        _("Find, read and follow up the signals of your organisation."),
        "signals:list",
        "signals.view_signals",
    ),
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
    Task(
        _("Signal tables"),
        _("Bring signals to your tables, add what your organisation knows, and see what the table decided."),
        "tables:list",
        "tables.take_part_in_table",
    ),
    Task(
        _("Inbox"),
        _("Signals a table routed to your organisation: accept or return them, and report back."),
        "tables:inbox",
        "tables.handle_shares",
    ),
    Task(
        _("Shares"),
        _("Every share of data between organisations, with its legal basis and purpose."),
        "tables:shares",
        "tables.oversee_shares",
    ),
    Task(
        _("Programme dashboards"),
        _("Progress per action line, key figures with targets and forecasts, and the progress letter."),
        "monitoring_dashboard:overview",
        "monitoring.view_programme",
    ),
    Task(
        _("Report progress"),
        _("Report on the actions of the action plan that your organisation holds."),
        "monitoring:actions",
        "monitoring.update_own_actions",
    ),
    Task(
        _("Campaigns and reporting points"),
        _("Keep the inventory of awareness campaigns and reporting points up to date, each with its source."),
        "monitoring:inventory",
        "monitoring.manage_inventory",
    ),
    Task(
        _("Manage the Wegwijzer"),
        _("Keep the contacts of the public referral guide correct and publish new routing rules."),
        "guide_admin:home",
        "guide.manage_guide",
    ),
]


def tasks_for(user) -> list[Task]:
    return [task for task in TASKS if user.has_perm(task.permission)]
