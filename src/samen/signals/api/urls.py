from django.urls import path

from . import views

urlpatterns = [
    path("signals/", views.SignalListCreate.as_view(), name="signal-list"),
    path("signals/import/", views.SignalImport.as_view(), name="signal-import"),
    # Any segment, not <int:pk>: "/signals/-1/" must get the API's 404 problem, not the HTML page of the site.
    path("signals/<str:pk>/", views.SignalDetail.as_view(), name="signal-detail"),
]
