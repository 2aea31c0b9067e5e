"""Backup and restore round trip on a real instance (its own SQLite file and private files, in
subprocesses as an operator runs them): every table's row count and every private file come back."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


@pytest.fixture
def instance(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "backup-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'instance.sqlite3'}",
        "SYNERGIES_PRIVATE_MEDIA_ROOT": str(tmp_path / "fichiers"),
    }
    env.pop("CI", None)
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    private = tmp_path / "fichiers" / "conventions"
    private.mkdir(parents=True)
    (private / "compte-rendu.txt").write_text("Compte rendu du COPIL.", encoding="utf-8")
    return env, tmp_path


def test_a_backup_restores_every_row_and_every_private_file_and_a_damaged_one_is_refused(instance):
    env, tmp_path = instance
    saved = _manage(env, "backup", str(tmp_path / "sauvegarde"))
    assert "Sauvegarde écrite" in saved.stdout
    manifest = json.loads((tmp_path / "sauvegarde" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["territories_territory"] == 18 and manifest["files"]

    # Damage the instance, then restore it.
    (tmp_path / "fichiers" / "conventions" / "compte-rendu.txt").unlink()
    _manage(
        env, "shell", "-c", "from synergies.territories.models import Department; Department.objects.all().delete()"
    )
    restored = _manage(env, "restore", str(tmp_path / "sauvegarde"))
    assert "Restauration vérifiée" in restored.stdout
    assert (tmp_path / "fichiers" / "conventions" / "compte-rendu.txt").read_text(
        encoding="utf-8"
    ) == "Compte rendu du COPIL."

    # A backup that does not match its manifest is refused, in French.
    manifest["tables"]["territories_department"] += 1
    (tmp_path / "sauvegarde" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    failed = _manage(env, "restore", str(tmp_path / "sauvegarde"), check=False)
    assert failed.returncode != 0 and "Restauration incomplète" in failed.stderr
