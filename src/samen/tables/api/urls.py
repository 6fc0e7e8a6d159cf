from django.urls import path

from . import views

urlpatterns = [
    path("tables/", views.TableList.as_view(), name="table-list"),
    path("tables/<int:pk>/", views.TableDetail.as_view(), name="table-detail"),
    path("tables/<int:pk>/items/", views.TableItemList.as_view(), name="table-item-list"),
    path("shares/", views.ShareList.as_view(), name="share-list"),
    path("shares/<int:pk>/", views.ShareDetail.as_view(), name="share-detail"),
    path("shares/<int:pk>/accept/", views.ShareAccept.as_view(), name="share-accept"),
    path("shares/<int:pk>/return/", views.ShareReturn.as_view(), name="share-return"),
    path("shares/<int:pk>/feedback/", views.ShareFeedback.as_view(), name="share-feedback"),
]
