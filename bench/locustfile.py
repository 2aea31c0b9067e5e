"""The mixed scenario of bench/load.py, run by locust in its own virtual environment (gevent cannot
share a process with Django). Three kinds of people, as they use the platform:

- a visitor (weight 4): home page, directory search and facets, organisation pages, opportunities;
- an SME member (weight 1), logged in: dashboard, their responses, opportunities;
- a defence agent (weight 1), logged in with the second factor (TOTP): dashboard, matching of a
  need to organisations, their publications.

Requests carry `X-Forwarded-Proto: https`, as the reverse proxy adds it in production (docs/operations.md).
"""

import base64
import hashlib
import hmac
import itertools
import random
import re
import struct
import time

from locust import HttpUser, between, task

PASSWORD = "Synergies-demo-2026"
BENCH_ACCOUNTS = 10  # created by bench/load.py: each simulated person has their own session
_numbers = {"membre": itertools.count(), "agent": itertools.count()}


def bench_account(kind: str) -> str:
    return f"{kind}-{next(_numbers[kind]) % BENCH_ACCOUNTS + 1}@bench.synergies.fr"


SEARCHES = ["usinage titane", "cybersécurité", "drones sous-marins", "électronique", "maintenance navale",
            "composites", "radar", "formation", "soudage", "intelligence artificielle"]  # fmt: skip
FACETS = [{"domaine": "cyber"}, {"departement": "29"}, {"departement": "35", "effectif": "12"},
          {"certification": "iso-9001"}, {"q": "usinage", "departement": "56"}]  # fmt: skip
NEEDS = [
    "Réparation de cartes électroniques de radars embarqués",
    "Audit de sécurité d'un système industriel de bord",
    "Usinage de pièces en titane pour aéronefs, petites séries",
    "Essais non destructifs par ultrasons sur structures composites",
    "Analyse d'images satellites par apprentissage automatique",
]
ORGANISATION_LINK = re.compile(r'href="(/organisations/\d+/)"')
OPPORTUNITY_LINK = re.compile(r'href="(/opportunites/\d+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), as an authenticator application computes it."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret_b32), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def demo_totp_secret(email: str) -> str:
    """The demo accounts' TOTP secret (synergies.site.demo.demo_totp_secret)."""
    return base64.b32encode(hashlib.sha256(f"synergies-demo:{email}".encode()).digest()[:20]).decode()


class _Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.organisations, self.opportunities = [], []

    def _keep_cookies(self):
        """The session and CSRF cookies are Secure (production settings); the bench talks plain HTTP
        to 127.0.0.1 behind the simulated proxy, so the client is told to keep sending them."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def _page(self, path, name=None, **params):
        self._keep_cookies()
        with self.client.get(path, params=params, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response.text if response.status_code == 200 else ""

    def _post(self, path, data, name):
        self._keep_cookies()
        page = self.client.get(path, name=name + " (formulaire)")
        self._keep_cookies()
        token = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        referer = {"Referer": f"https://{self.host.split('://', 1)[1]}{path}"}
        response = self.client.post(path, data, headers=referer, name=name, allow_redirects=False)
        while response.is_redirect:  # followed here: the new session cookie must be made sendable first
            self._keep_cookies()
            response = self.client.get(
                response.headers["Location"], name=name + " (redirection)", allow_redirects=False
            )
        return response

    def login(self, email, *, second_factor=False):
        response = self._post("/compte/login/", {"login": email, "password": PASSWORD}, "connexion")
        for _ in range(3 if second_factor else 0):  # a code is accepted once: the next window's, if needed
            response = self._post("/compte/2fa/authenticate/", {"code": totp(demo_totp_secret(email))}, "code TOTP")
            if "/2fa/" not in response.url:
                break
            time.sleep(30.5 - time.time() % 30)
        if "/compte/login/" in response.url or "/2fa/" in response.url:
            raise RuntimeError(f"login failed for {email}: {response.url}")

    def browse_directory(self):
        text = self._page("/organisations/", "/organisations/?q=…", q=random.choice(SEARCHES))
        self.organisations = ORGANISATION_LINK.findall(text) or self.organisations
        self._page("/organisations/", "/organisations/?facettes", **random.choice(FACETS))
        if self.organisations:
            self._page(random.choice(self.organisations), "/organisations/<id>/")

    def browse_opportunities(self):
        text = self._page("/opportunites/")
        self.opportunities = OPPORTUNITY_LINK.findall(text) or self.opportunities
        if self.opportunities:
            self._page(random.choice(self.opportunities), "/opportunites/<id>/")


class Visitor(_Person):
    weight = 4

    @task(2)
    def home(self):
        self._page("/")

    @task(5)
    def directory(self):
        self.browse_directory()

    @task(2)
    def opportunities(self):
        self.browse_opportunities()


class Member(_Person):
    weight = 1

    def on_start(self):
        super().on_start()
        self.login(bench_account("membre"))

    @task(3)
    def dashboard(self):
        self._page("/tableau-de-bord/", "/tableau-de-bord/ (membre)")

    @task(1)
    def responses(self):
        self._page("/opportunites/mes-reponses/")

    @task(2)
    def opportunities(self):
        self.browse_opportunities()


class DefenceAgent(_Person):
    weight = 1

    def on_start(self):
        super().on_start()
        self.login(bench_account("agent"), second_factor=True)

    @task(2)
    def dashboard(self):
        self._page("/tableau-de-bord/", "/tableau-de-bord/ (agent)")

    @task(2)
    def matching(self):
        self._page("/competences/", "/competences/?text=… (appariement)", text=random.choice(NEEDS))

    @task(1)
    def publications(self):
        self._page("/opportunites/mes-publications/")

    @task(1)
    def directory(self):
        self.browse_directory()
