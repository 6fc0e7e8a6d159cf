from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views_inbox, views_table

app_name = "tables"

# Paths are translated one segment at a time, so a translation can never break a converter such as <int:pk>.
item_patterns = [
    path("", views_table.item_detail, name="item"),
    path(_("findings/"), views_table.finding_add, name="finding_add"),
    path(_("decision/"), views_table.decision_add, name="decision_add"),
]
session_patterns = [
    path("", views_table.session_detail, name="session"),
    path(_("add/"), views_table.session_assign_view, name="session_assign"),
    path(_("close/"), views_table.session_close_view, name="session_close"),
    path(_("decision-list.pdf"), views_table.decision_list, name="decision_list"),
]
share_patterns = [
    path(_("close/"), views_table.share_close_view, name="share_close"),
    path(_("revoke/"), views_table.share_revoke_view, name="share_revoke"),
]
table_patterns = [
    path("", views_table.table_detail, name="table"),
    path("agenda/", views_table.agenda_add_view, name="agenda_add"),
    path(_("items/"), include([path("<int:item_pk>/", include(item_patterns))])),
    path(_("sessions/"), views_table.session_open_view, name="session_open"),
    path(_("sessions/"), include([path("<int:session_pk>/", include(session_patterns))])),
    path(_("shares/"), include([path("<int:share_pk>/", include(share_patterns))])),
]
task_patterns = [
    path("", views_inbox.task, name="task"),
    path(_("accept/"), views_inbox.task_accept, name="task_accept"),
    path(_("return/"), views_inbox.task_return, name="task_return"),
    path(_("feedback/"), views_inbox.task_feed_back, name="task_feed_back"),
]

urlpatterns = [
    path("", views_table.table_list, name="list"),
    path(_("inbox/"), views_inbox.inbox, name="inbox"),
    path(_("inbox/"), include([path("<int:share_pk>/", include(task_patterns))])),
    path(_("shares/"), views_inbox.share_overview, name="shares"),
    path("<int:pk>/", include(table_patterns)),
]
