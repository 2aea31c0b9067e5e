from django.urls import path

from synergies.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("agenda.ics", views.events_feed, name="feed"),
    path("mes-inscriptions/", views.my_registrations, name="my_registrations"),
    path("organisateur/", views.organiser_home, name="organiser"),
    path("publier/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/inscription/", views.register, name="register"),
    path("<int:pk>/modifier/", views.event_edit, name="edit"),
    path("<int:pk>/publier/", views.event_publish, name="publish"),
    path("<int:pk>/annuler/", views.event_cancel, name="cancel"),
    path("<int:pk>/gestion/", views.event_manage, name="manage"),
    path("<int:pk>/accueil/", views.checkin_page, name="checkin"),
    path("<int:pk>/emargement/", views.attendance_sheet, name="attendance_sheet"),
    path("inscriptions/<int:pk>/decision/", views.registration_decide, name="registration_decide"),
    path("inscriptions/<int:pk>/rang/", views.waitlist_move, name="waitlist_move"),
    path("inscriptions/<int:pk>/presence/", views.attendance_mark, name="attendance"),
    path("inscription/<str:token>/", views.registration_detail, name="registration"),
    path("inscription/<str:token>/action/", views.registration_action, name="registration_action"),
    path("inscription/<str:token>/qr.svg", views.registration_qr, name="registration_qr"),
]
