from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from synergies.matching.models import EmbeddedKind
from synergies.matching.services import embeddings_refresh
from synergies.site.demo import DEMO_PASSWORD, demo_load, demo_totp_secret


class Command(BaseCommand):
    help = "Charge le territoire de démonstration (Bretagne) et un compte de démonstration par rôle."

    def handle(self, *args, **options):
        accounts = demo_load()
        self._analyse_profiles()
        self.stdout.write(self.style.SUCCESS("Territoire de démonstration chargé : Bretagne."))
        self.stdout.write(f"\nComptes de démonstration — mot de passe commun : {DEMO_PASSWORD}\n")
        for user, label in accounts:
            line = f"  {user.email:<42} {label}"
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                line += f"\n  {'':<42} double authentification : secret TOTP {demo_totp_secret(user.email)}"
            self.stdout.write(line)
        self.stdout.write(
            "\nLe code à 6 chiffres du moment pour un compte à double authentification : "
            "python manage.py demo_totp EMAIL (ou ajoutez le secret à votre application d'authentification).\n"
        )

    def _analyse_profiles(self):
        """Matching serves every organisation and opportunity of the demo from its first page: their
        vectors are computed here, before the demo says it is ready (a few seconds per hundred)."""
        from tqdm import tqdm

        for kind, label in ((EmbeddedKind.ORGANISATION, "organisations"), (EmbeddedKind.OPPORTUNITY, "opportunités")):
            with tqdm(desc=f"Analyse des profils ({label})", unit=" profil", file=self.stderr, leave=True) as bar:

                def progress(done, total, bar=bar):
                    bar.total = total
                    bar.update(done - bar.n)

                embeddings_refresh(kind=kind, progress=progress)
