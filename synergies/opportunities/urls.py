from django.urls import path

from synergies.opportunities import partner_views, saved_search_views, views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("flux.rss", views.feed_rss, name="feed_rss"),
    path("echeances.ics", views.feed_ics, name="feed_ics"),
    path("publier/", views.opportunity_create, name="create"),
    path("mes-publications/", views.my_publications, name="my_publications"),
    path("mes-reponses/", views.my_responses, name="my_responses"),
    path("recherches/", saved_search_views.saved_searches, name="saved_searches"),
    path("recherches/<int:pk>/supprimer/", saved_search_views.saved_search_delete, name="saved_search_delete"),
    path("desabonnement/<str:token>/", saved_search_views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/modifier/", views.opportunity_edit, name="edit"),
    path("<int:pk>/etat/", views.opportunity_transition, name="transition"),
    path("<int:pk>/resultat/", views.opportunity_award, name="award"),
    path("<int:pk>/questions/", views.question_ask, name="question_ask"),
    path("<int:pk>/questions/frequentes/", views.question_publish, name="question_publish"),
    path("<int:pk>/inviter/<int:organisation_pk>/", views.opportunity_invite, name="invite"),
    path("<int:pk>/repondre/", views.respond, name="respond"),
    path("<int:pk>/partenaires/", partner_views.partners, name="partners"),
    path(
        "<int:pk>/partenaires/<int:organisation_pk>/contacter/", partner_views.partner_contact, name="partner_contact"
    ),
    path("<int:pk>/consortium/", partner_views.consortium_create, name="consortium_create"),
    path("questions/<int:pk>/repondre/", views.question_answer, name="question_answer"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="attachment"),
    path("pieces-jointes/<int:pk>/retirer/", views.attachment_delete, name="attachment_delete"),
    path("reponses/<int:pk>/", views.response_detail, name="response"),
    path("reponses/<int:pk>/etat/", views.response_transition, name="response_transition"),
    path("partenaires/<int:pk>/retirer/", partner_views.partner_withdraw, name="partner_withdraw"),
    path("consortiums/membres/<int:pk>/accepter/", partner_views.consortium_accept, name="consortium_accept"),
]
