"""The account e-mails speak for the product, in French (allauth's stock texts greeted « Bonjour de la part
de 127.0.0.1:8100 ! »)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_signup_confirmation_and_the_password_reset_are_the_products_words(client, settings):
    settings.SYNERGIES_SIGNUP_OPEN = True
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@exemple.fr",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["nouvelle@exemple.fr"]
    assert confirmation.body.startswith("Bonjour,") and "compte Synergies" in confirmation.body
    assert "la plateforme des conventions armées–territoire" in confirmation.body
    assert "de la part de" not in confirmation.body and "Merci d'utiliser" not in confirmation.body
    assert re.search(r"ouvrez ce lien :\nhttps?://\S+/compte/confirm-email/\S+/", confirmation.body)
    client.post(reverse("account_reset_password"), {"email": "nouvelle@exemple.fr"})
    reset = mail.outbox[-1]
    assert "changer le mot de passe de votre compte Synergies" in reset.body and "http" in reset.body
