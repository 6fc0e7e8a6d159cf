from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "guide"
urlpatterns = [
    path("", views.start, name="start"),
    path(_("advice/"), views.advice, name="advice"),
    path("professionals/", views.professionals, name="professionals"),
    path(_("search/"), views.search, name="search"),
]
