from django.urls import path

from synergies.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.platform_list, name="list"),
    path("mes-demandes/", views.my_requests, name="my_requests"),
    path("operateur/", views.operator_home, name="operator"),
    path("operateur/export-<str:fmt>/", views.usage_export, name="usage_export"),
    path("disponibilites/", views.availability, name="availability"),
    path("reservations.ics", views.my_feed, name="my_feed"),
    path("declarer/", views.platform_create, name="create"),
    path("<int:pk>/", views.platform_detail, name="detail"),
    path("<int:pk>/modifier/", views.platform_edit, name="edit"),
    path("<int:pk>/photos/ajouter/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/retirer/", views.photo_remove, name="photo_remove"),
    path("<int:pk>/ressources/ajouter/", views.resource_create, name="resource_create"),
    path("<int:pk>/demande/", views.request_create, name="request_create"),
    path("demandes/<int:pk>/", views.request_detail, name="request"),
    path("demandes/<int:pk>/action/", views.request_action, name="request_action"),
    path("demandes/documents/<int:pk>/", views.request_document, name="request_document"),
    path("demandes/<int:pk>/accepter/", views.request_accept, name="request_accept"),
    path("demandes/<int:pk>/bilan/", views.request_close, name="request_close"),
    path("ressources/<int:pk>/", views.resource_detail, name="resource"),
    path("ressources/<int:pk>/reserver/", views.booking_create, name="book"),
    path("ressources/<int:pk>/modifier/", views.resource_edit, name="resource_edit"),
    path("ressources/<int:pk>/archiver/", views.resource_archive, name="resource_archive"),
    path("ressources/<int:pk>/fermetures/", views.closure_add, name="closure_add"),
    path("ressources/<int:pk>/formations/", views.training_add, name="training_add"),
    path("ressources/<int:pk>/calendrier.ics", views.resource_feed, name="resource_feed"),
    path("reservations/<int:pk>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("reservations/<int:pk>/presence/", views.booking_check_in, name="booking_check_in"),
    path("reservations/<int:pk>/utilisation/", views.booking_record_use, name="booking_use"),
]
