"""The curated import reports kept their figures under French keys; identifiers are English (labels
stay French in the templates)."""

from django.db import migrations

KEYS = {
    "lignes": "rows",
    "créées": "created",
    "mises_à_jour": "updated",
    "inchangées": "unchanged",
    "en_erreur": "in_error",
    "colonnes_ignorées": "ignored_columns",
    "erreurs": "errors",
    "avertissements": "warnings",
}


def rename_keys(apps, schema_editor, mapping=KEYS):
    ImportRun = apps.get_model("directory", "ImportRun")
    for run in ImportRun.objects.filter(kind="organisations").exclude(report={}):
        report = {mapping.get(key, key): value for key, value in run.report.items()}
        if report != run.report:
            run.report = report
            run.save(update_fields=["report"])


def rename_back(apps, schema_editor):
    rename_keys(apps, schema_editor, {en: fr for fr, en in KEYS.items()})


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_marking_guardrail_on_every_text")]
    operations = [migrations.RunPython(rename_keys, rename_back)]
