from django.urls import path

from . import views_public

app_name = "signals_public"
urlpatterns = [
    path("", views_public.report, name="form"),
    path("status/", views_public.status, name="status"),
]
