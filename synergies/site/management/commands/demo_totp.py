from django.core.management.base import BaseCommand, CommandError

from synergies.accounts.models import User
from synergies.site.demo import current_totp_code


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment d'un compte de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email, is_demo=True).first()
        if user is None:
            raise CommandError(f"Aucun compte de démonstration « {email} ».")
        code = current_totp_code(user)
        if code is None:
            raise CommandError(f"{email} n'a pas de double authentification.")
        self.stdout.write(code)
