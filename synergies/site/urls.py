from django.urls import path

from synergies.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("sante/", views.health, name="health"),
    path("mon-agenda.ics", views.agenda, name="agenda"),
    path("demo/courriels/", views.demo_mailbox, name="mailbox"),
    path("demo/courriels/<str:name>/", views.demo_mailbox, name="mailbox_message"),
]
