from django.urls import path

from synergies.events import meeting_views, views

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
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path("<int:pk>/accueil/", views.checkin_page, name="checkin"),
    path("<int:pk>/emargement/", views.attendance_sheet, name="attendance_sheet"),
    path("inscriptions/<int:pk>/decision/", views.registration_decide, name="registration_decide"),
    path("inscriptions/<int:pk>/rang/", views.waitlist_move, name="waitlist_move"),
    path("inscriptions/<int:pk>/presence/", views.attendance_mark, name="attendance"),
    path("inscription/<str:token>/", views.registration_detail, name="registration"),
    path("inscription/<str:token>/action/", views.registration_action, name="registration_action"),
    path("inscription/<str:token>/qr.svg", views.registration_qr, name="registration_qr"),
    path("<int:pk>/rendez-vous/", meeting_views.marketplace, name="meetings"),
    path("<int:pk>/rendez-vous/publier/", meeting_views.item_add, name="item_add"),
    path("<int:pk>/rendez-vous/demander/<int:registration_pk>/", meeting_views.meeting_ask, name="meeting_ask"),
    path("<int:pk>/rendez-vous/indisponibilites/", meeting_views.unavailability, name="unavailability"),
    path("<int:pk>/rendez-vous/agenda.pdf", meeting_views.agenda_pdf, name="agenda_pdf"),
    path("<int:pk>/rendez-vous/agenda.ics", meeting_views.agenda_ics, name="agenda_ics"),
    path("<int:pk>/rendez-vous/plan/", meeting_views.plan, name="meeting_plan"),
    path("<int:pk>/rendez-vous/creneaux/", meeting_views.slots_add, name="meeting_slots"),
    path("<int:pk>/rendez-vous/placer/", meeting_views.schedule, name="meeting_schedule"),
    path("rendez-vous/offres/<int:pk>/retirer/", meeting_views.item_remove, name="item_remove"),
    path("rendez-vous/<int:pk>/action/", meeting_views.meeting_action, name="meeting_action"),
    path("rendez-vous/<int:pk>/placer/", meeting_views.place, name="meeting_place"),
]
