"""Issue 16, part 1: what the platform needs to work is there after `migrate` alone.

The test database is built by `migrate` (and rebuilt by the same post-migrate step after each
flush), and nothing in this file loads anything: a curated import with certifications and a
`match` with a certification filter work as on a fresh install.
"""

import io
import json

from django.core.management import call_command

from synergies.directory.curated import organisations_import
from synergies.directory.models import Capability, Certification, Label, Organisation
from synergies.territories.models import Convention, Department, Territory
from tests.directory.sirene_files import siren, siret


def test_regions_departements_conventions_and_taxonomy_come_with_migrate(db):
    assert Territory.objects.count() == 18 and Department.objects.count() >= 101
    assert Convention.objects.filter(territory__code="53").exists()
    assert Capability.objects.count() > 50 and Certification.objects.filter(name="EN 9100").exists()
    assert Label.objects.exists()


def test_the_post_migrate_step_is_idempotent(db):
    before = (Territory.objects.count(), Capability.objects.count(), Certification.objects.count())
    call_command("migrate", verbosity=0)
    assert (Territory.objects.count(), Capability.objects.count(), Certification.objects.count()) == before


def test_a_curated_import_and_a_filtered_match_work_on_a_fresh_install(db, tmp_path):
    bretagne = Territory.objects.get(code="53")
    content = (
        "ref,name,kind,siret,commune_insee,description,capabilities,certifications\n"
        f'ARM-1,Armor Usinage,entreprise,{siret(siren(5001))},29019,"Usinage 5 axes de pièces en titane",Usinage CN,en9100\n'
    ).encode()
    report = organisations_import(content=content, filename="liste.csv", territory=bretagne)
    assert report.count("created") == 1 and not [m for _, m in report.warnings if "inconnue" in m]
    armor = Organisation.objects.get(ref="ARM-1")
    assert [c.certification.name for c in armor.certifications.all()] == ["EN 9100"]

    queries = tmp_path / "besoins.jsonl"
    need = {"id": "N-1", "text": "usinage titane", "filters": {"certifications": ["EN 9100"]}}
    queries.write_text(json.dumps(need) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("match", "--queries", str(queries), "--format", "jsonl", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert results and results[0]["results"][0]["ref"] == "ARM-1"
