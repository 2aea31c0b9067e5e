from django.tasks import task


@task
def refresh_embeddings(kind: str = "organisation", ids: list[int] | None = None) -> int:
    """Embed what changed (a thin wrapper: see services.embeddings_refresh)."""
    from synergies.matching.services import embeddings_refresh

    return embeddings_refresh(kind=kind, ids=ids)
