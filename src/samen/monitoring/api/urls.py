from django.urls import path

from . import views

urlpatterns = [
    path("actions/", views.ActionList.as_view(), name="action-list"),
    path("kpis/", views.KPIList.as_view(), name="kpi-list"),
    path("kpis/<slug:slug>/", views.KPIDetail.as_view(), name="kpi-detail"),
    path("statistics/", views.Statistics.as_view(), name="statistics"),
    path("inventory/", views.InventoryList.as_view(), name="inventory-list"),
]
