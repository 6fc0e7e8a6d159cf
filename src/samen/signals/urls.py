from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "signals"

# Paths are translated one segment at a time, so a translation can never break a converter such as <int:pk>.
signal_patterns = [
    path("", views.detail, name="detail"),
    path(_("edit/"), views.edit, name="edit"),
    path(_("status/"), views.status, name="status"),
    path(_("attachments/"), include([path("<int:attachment_pk>/", views.attachment, name="attachment")])),
]

urlpatterns = [
    path("", views.signal_list, name="list"),
    path(_("new/"), views.intake, name="new"),
    path(_("drafts/"), views.drafts, name="drafts"),
    path("export.csv", views.export, name="export"),
    path("<int:pk>/", include(signal_patterns)),
]
