"""Backup and restore of one instance: the database (SQLite backup API or pg_dump) and the private
files, with a manifest (row count of every table, SHA-256 of every private file) that the restore
checks, so that a restore that lost anything says so."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from synergies.core.exceptions import ApplicationError

MANIFEST = "manifest.json"
FILES_ARCHIVE = "fichiers-prives.tar.gz"


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from the database itself
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def backup(target: Path) -> dict:
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if _is_sqlite():
        connection.ensure_connection()
        destination = sqlite3.connect(target / "base.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / "base.dump"), _pg_url()],
                       check=True)  # fmt: skip
    with tarfile.open(target / FILES_ARCHIVE, "w:gz") as archive:
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        if root.exists():
            archive.add(root, arcname=".")
    manifest = {"tables": table_counts(), "files": file_checksums(settings.PRIVATE_MEDIA_ROOT)}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the private files by those of `source`, then check them."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ApplicationError(f"Sauvegarde illisible : {source / MANIFEST} manque ou est endommagé.") from exc
    if _is_sqlite():
        connections.close_all()
        origin = sqlite3.connect(source / "base.sqlite3")
        destination = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with destination:
            origin.backup(destination)
        origin.close()
        destination.close()
    else:
        connections.close_all()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--dbname", _pg_url(),
                        str(source / "base.dump")], check=True)  # fmt: skip
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    with tarfile.open(source / FILES_ARCHIVE, "r:gz") as archive:
        archive.extractall(root, filter="data")  # refuses absolute paths and ".." members
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table} : {counts.get(table)} lignes au lieu de {expected}")
    if file_checksums(root) != manifest["files"]:
        problems.append("les fichiers privés restaurés diffèrent de ceux de la sauvegarde")
    if problems:
        raise ApplicationError("Restauration incomplète : " + " ; ".join(problems))
    return manifest
