import numpy as np
from django.db import models


class EmbeddedKind(models.TextChoices):
    ORGANISATION = "organisation", "organisation"
    OPPORTUNITY = "opportunity", "opportunité"


class Embedding(models.Model):
    """The vectors of one organisation's or opportunity's text (one per window of the text, end to
    end), with the model and the text they came from.

    A vector is stale when the hash of the object's current text differs, or the model changed.
    """

    kind = models.CharField("objet", max_length=16, choices=EmbeddedKind.choices)
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")
    model_name = models.CharField("modèle", max_length=100)
    text_hash = models.CharField("empreinte du texte", max_length=64)
    vector = models.BinaryField("vecteurs (float32, un par fenêtre du texte)")
    updated_at = models.DateTimeField("calculé le", auto_now=True)

    class Meta:
        verbose_name = "plongement"
        verbose_name_plural = "plongements"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "model_name"],
                name="one_embedding_per_object_and_model",
                violation_error_message="Cet objet a déjà un vecteur pour ce modèle.",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.model_name})"

    def as_array(self, dim: int) -> np.ndarray:
        """(windows, dim) float32."""
        return np.frombuffer(bytes(self.vector), dtype=np.float32).reshape(-1, dim)


class IndexVersion(models.Model):
    """Bumped whenever vectors of a kind change: each worker rebuilds its in-memory index when it moves."""

    kind = models.CharField("objet", max_length=16, choices=EmbeddedKind.choices, unique=True)
    version = models.PositiveBigIntegerField("version", default=0)

    class Meta:
        verbose_name = "version de l'index"
        verbose_name_plural = "versions de l'index"

    def __str__(self):
        return f"{self.kind} v{self.version}"


class IndexChange(models.Model):
    """The objects whose row changed at a version of the index (their text, vectors, filters or status):
    a worker whose index is a few versions behind updates those rows only (index.LayeredIndex)."""

    kind = models.CharField("objet", max_length=16, choices=EmbeddedKind.choices)
    version = models.PositiveBigIntegerField("version")
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")

    class Meta:
        verbose_name = "changement de l'index"
        verbose_name_plural = "changements de l'index"
        indexes = [models.Index(fields=["kind", "version"], name="index_change_kind_version")]

    def __str__(self):
        return f"{self.kind} v{self.version} : {self.object_id}"
