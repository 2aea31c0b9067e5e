from django.urls import path

from synergies.directory import views

app_name = "directory"

urlpatterns = [
    path("<int:pk>/membres/", views.members, name="members"),
    path("<int:pk>/membres/<int:membership_pk>/retirer/", views.member_remove, name="member_remove"),
]
