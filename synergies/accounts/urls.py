from django.urls import path

from synergies.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("jetons/", views.api_tokens, name="api_tokens"),
    path("mes-donnees.json", views.personal_data_download, name="personal_data"),
    path("supprimer/", views.account_delete, name="delete"),
    path("jetons/<int:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
    path("cle-de-flux/regenerer/", views.feed_key_regenerate, name="feed_key_regenerate"),
    path("cle-de-flux/supprimer/", views.feed_key_revoke, name="feed_key_revoke"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
