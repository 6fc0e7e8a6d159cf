from django.urls import path

from . import views

urlpatterns = [
    path("municipalities/", views.MunicipalityList.as_view(), name="municipality-list"),
    path("municipalities/<str:code>/", views.MunicipalityDetail.as_view(), name="municipality-detail"),
]
