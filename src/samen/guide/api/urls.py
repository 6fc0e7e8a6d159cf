from django.urls import path

from . import views

urlpatterns = [path("route", views.GuideRoute.as_view(), name="guide-route")]
