"""Zip archives received from outside (DOCX, ODT, XLSX, zipped SIRENE files): refused before they
are read when they could harm the server or hide something — too many entries, a compression ratio
that only a zip bomb has, an uncompressed size over the limit, or a member whose name climbs out of
the archive (`../`, an absolute path). The files are never extracted to disk, but a name like that
only comes from a forged archive."""

import zipfile
from pathlib import PurePosixPath

MAX_ENTRIES = 5_000
# CSV and office XML compress 5 to 20 times; a zip bomb, thousands of times. Small members are not
# judged by their ratio (a few kilobytes of repeated XML compress very well).
MAX_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


class UnsafeArchive(ValueError):
    """The archive is refused; the message is French."""


def _climbs_out(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def check_archive(archive: zipfile.ZipFile, *, max_uncompressed_bytes: int | None) -> list[zipfile.ZipInfo]:
    """The archive's entries once it passed every check; UnsafeArchive otherwise."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchive(f"L'archive contient plus de {MAX_ENTRIES} fichiers.")
    if any(_climbs_out(info.filename) for info in infos):
        raise UnsafeArchive("L'archive contient un chemin de fichier interdit (« ../ » ou chemin absolu).")
    for info in infos:
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeArchive("L'archive est anormalement volumineuse une fois décompressée (bombe zip ?).")
    if max_uncompressed_bytes is not None and sum(info.file_size for info in infos) > max_uncompressed_bytes:
        raise UnsafeArchive("L'archive est anormalement volumineuse une fois décompressée.")
    return infos
