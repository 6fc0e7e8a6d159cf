from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views_dashboard as views

app_name = "monitoring_dashboard"

# Paths are translated one segment at a time, so a translation can never break a converter.
urlpatterns = [
    path("", views.overview, name="overview"),
    path(_("line/"), include([path("<str:code>/", views.line_detail, name="line")])),
    path("kpi/<slug:slug>/", views.kpi_detail, name="kpi"),
    path(_("inventory/"), views.inventory, name="inventory"),
    path(_("letter/"), include([path("<str:period>/<str:fmt>/", views.letter, name="letter")])),
]
