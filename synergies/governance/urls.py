from django.urls import path, re_path

from synergies.governance import views

app_name = "governance"

urlpatterns = [
    path("comparaison/", views.comparison, name="comparison"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/publique/", views.public_page, name="public"),
    re_path(r"^(?P<slug>[-\w]+)/rapport\.(?P<fmt>pdf|xlsx)$", views.report, name="report"),
    path("<slug:slug>/rapport/introductions/", views.report_texts, name="report_texts"),
    path("<slug:slug>/actions/nouvelle/", views.action_edit, name="action_create"),
    path("<slug:slug>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("<slug:slug>/indicateurs/nouveau/", views.indicator_edit, name="indicator_create"),
    path("<slug:slug>/indicateurs/<int:pk>/modifier/", views.indicator_edit, name="indicator_edit"),
    path("<slug:slug>/reunions/", views.meetings, name="meetings"),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("indicateurs/<int:pk>/", views.indicator_detail, name="indicator"),
    path("valeurs/<int:pk>/validation/", views.value_validate, name="value_validate"),
    path("valeurs/<int:pk>/justificatif/", views.value_evidence, name="value_evidence"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting"),
]
