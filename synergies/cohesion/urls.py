from django.urls import path

from synergies.cohesion import booklet_views, employer_views, reserve_views, spouse_views, youth_views

app_name = "cohesion"

urlpatterns = [
    # Reserve
    path("reserve/", reserve_views.reserve_home, name="reserve"),
    path("reserve/conditions/", reserve_views.eligibility, name="eligibility"),
    path("reserve/missions.json", reserve_views.api_engagement_feed, name="api_engagement"),
    path("reserve/missions/<int:pk>/candidater/", reserve_views.apply, name="apply"),
    path("reserve/missions/<int:pk>/pieces-demandees/", reserve_views.checklist, name="checklist"),
    path("reserve/mes-candidatures/", reserve_views.my_files, name="my_files"),
    path("reserve/dossiers/", reserve_views.board, name="board"),
    path("reserve/dossiers/relancer/", reserve_views.remind, name="remind"),
    path("reserve/dossiers/<int:pk>/", reserve_views.file_detail, name="file"),
    path("reserve/dossiers/<int:pk>/action/", reserve_views.file_action, name="file_action"),
    path("reserve/dossiers/<int:pk>/employeur/", reserve_views.file_employer, name="file_employer"),
    path("reserve/pieces/<int:pk>/deposer/", reserve_views.document_upload, name="document_upload"),
    path("reserve/pieces/<int:pk>/examiner/", reserve_views.document_review, name="document_review"),
    path("reserve/pieces/<int:pk>/fichier/", reserve_views.document_download, name="document_download"),
    # Partner employers
    path("employeurs/suivi/", employer_views.pipeline, name="pipeline"),
    path("employeurs/<int:pk>/", employer_views.employer, name="employer"),
    path("employeurs/<int:pk>/engagements/", employer_views.commitment_add, name="commitment_add"),
    path("employeurs/<int:pk>/embauches/", employer_views.hire_report, name="hire_report"),
    path("engagements/<int:pk>/", employer_views.commitment_edit, name="commitment_edit"),
    # Youth
    path("jeunesse/", youth_views.youth_home, name="youth"),
    path("jeunesse/partenariats/", youth_views.partnerships, name="partnerships"),
    path("jeunesse/partenariats/<int:pk>/", youth_views.partnership_detail, name="partnership"),
    path("jeunesse/partenariats/<int:pk>/activites/", youth_views.activity_add, name="activity_add"),
    # Military spouses
    path("conjoints/", spouse_views.spouse_offers, name="spouses"),
    path("conjoints/mon-profil/", spouse_views.spouse_profile, name="spouse_profile"),
    path("conjoints/mon-profil/retirer/", spouse_views.spouse_profile_withdraw, name="spouse_profile_withdraw"),
    path("conjoints/profils/", spouse_views.spouse_profiles, name="spouse_profiles"),
    # Welcome booklets
    path("livrets/", booklet_views.booklet_list, name="booklets"),
    path("livrets/gerer/", booklet_views.booklets_mine, name="booklets_mine"),
    path("livrets/nouveau/", booklet_views.booklet_create, name="booklet_create"),
    path("livrets/blocs/<int:pk>/", booklet_views.block_edit, name="block_edit"),
    path("livrets/blocs/<int:pk>/supprimer/", booklet_views.block_delete, name="block_delete"),
    path("livrets/etapes/<int:pk>/supprimer/", booklet_views.checklist_item_delete, name="checklist_item_delete"),
    path("livrets/<slug:slug>/", booklet_views.booklet_detail, name="booklet"),
    path("livrets/<slug:slug>/livret.pdf", booklet_views.booklet_pdf, name="booklet_pdf"),
    path("livrets/<slug:slug>/mon-arrivee/", booklet_views.arrival, name="arrival"),
    path("livrets/<slug:slug>/modifier/", booklet_views.booklet_edit, name="booklet_edit"),
    path("livrets/<slug:slug>/blocs/nouveau/", booklet_views.block_create, name="block_create"),
    path("livrets/<slug:slug>/etapes/", booklet_views.checklist_item_add, name="checklist_item_add"),
]
