from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views_inventory, views_updates

app_name = "monitoring"

# Paths are translated one segment at a time, so a translation can never break a converter such as <str:code>.
urlpatterns = [
    path(_("actions/"), views_updates.actions, name="actions"),
    path(_("actions/"), include([path("<str:code>/", views_updates.action, name="action")])),
    path(_("upload/"), views_updates.upload, name="upload"),
    path(_("upload/"), include([path(_("example.csv"), views_updates.upload_example, name="upload_example")])),
    path(_("reminders/"), views_updates.reminders, name="reminders"),
    path(_("inventory/"), views_inventory.inventory, name="inventory"),
    path(_("inventory/"), include([path(_("new/"), views_inventory.inventory_new, name="inventory_new")])),
    path(_("inventory/"), include([path("<slug:slug>/", views_inventory.inventory_entry, name="inventory_entry")])),
]
