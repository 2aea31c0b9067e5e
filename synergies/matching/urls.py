from django.urls import path

from synergies.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.capability_search, name="search"),
    path("selection.export", views.shortlist_export, name="export"),
    path("selection/inviter/", views.shortlist_invite, name="invite"),
]
