from django.urls import path

from synergies.territories import views

app_name = "territories"

urlpatterns = [
    path("", views.territory_list, name="list"),
    path("conventions/<slug:slug>/", views.convention_detail, name="convention"),
    path("conventions/<slug:slug>/documents/ajouter/", views.document_add, name="document_add"),
    path("documents/<int:pk>/telecharger/", views.document_download, name="document_download"),
    path("documents/<int:pk>/supprimer/", views.document_delete, name="document_delete"),
    path("<slug:slug>/", views.territory_detail, name="detail"),
    path("<slug:slug>/roles/", views.roles, name="roles"),
    path("<slug:slug>/roles/<int:role_pk>/retirer/", views.role_revoke, name="role_revoke"),
    path("<slug:slug>/journal/", views.audit_trail, name="audit"),
]
