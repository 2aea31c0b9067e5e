from django.urls import path

from synergies.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("export.<str:fmt>", views.organisation_export, name="export"),
    path("revendiquer/", views.claim, name="claim"),
    path("demander-la-creation/", views.organisation_request, name="organisation_request"),
    path(
        "demandes-de-creation/<int:pk>/decision/", views.organisation_request_decide, name="organisation_request_decide"
    ),
    path("revendications/<int:pk>/decision/", views.claim_decide, name="claim_decide"),
    path("territoire/<slug:slug>/revendications/", views.claims, name="claims"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("territoire/<slug:slug>/imports/", views.imports, name="imports"),
    path("territoire/<slug:slug>/imports/liste/", views.import_upload, name="import_upload"),
    path("imports/modele.<str:fmt>", views.import_template, name="import_template"),
    path("territoire/<slug:slug>/imports/sirene/", views.import_sirene, name="import_sirene"),
    path("territoire/<slug:slug>/doublons/", views.duplicates, name="duplicates"),
    path("territoire/<slug:slug>/fusionner/", views.merge, name="merge"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirmer/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/membres/", views.members, name="members"),
    path("<int:pk>/membres/<int:membership_pk>/retirer/", views.member_remove, name="member_remove"),
]
