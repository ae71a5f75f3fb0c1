"""All of Deiseb's settings, read from the environment.

Defaults are safe for the demo (`make run`): SQLite in ./var, mail kept in the demo outbox,
DEBUG off. Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and the EMAIL_* variables.
"""

import datetime
import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DEISEB_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, demo_default: str) -> str:
    """A secret from the environment; the demo falls back to a fixed, clearly-not-secret value."""
    value = os.environ.get(name)
    if value:
        return value
    if not DEMO:
        raise ImproperlyConfigured(f"{name} must be set when DEISEB_DEMO is off")
    return demo_default


DEMO = env_bool("DEISEB_DEMO", True)
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", "demo-only-key-never-use-in-production-" + "x" * 20)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PARLIAMENT_NAME_EN = env_str("DEISEB_PARLIAMENT_NAME_EN", "Welsh Parliament")
PARLIAMENT_NAME_CY = env_str("DEISEB_PARLIAMENT_NAME_CY", "Senedd Cymru")
# Where the public write about petitions, privacy and accessibility (shown on the help pages).
CONTACT_EMAIL = env_str("DEISEB_CONTACT_EMAIL", "petitions@deiseb.invalid")

INSTALLED_APPS = [
    "deiseb.core",
    "deiseb.geography",  # before the admin, so its admin/index.html (data warnings) overrides
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "deiseb.accounts",
    "deiseb.audit",
    "deiseb.ratelimits",
    "deiseb.petitions",
    "deiseb.signatures",
    "deiseb.moderation",
    "deiseb.parliament",
    "deiseb.integrity",
    "deiseb.retention",
    "deiseb.notifications",
    "deiseb.switches",
    "deiseb.opendata",
    "deiseb.pages",
    "deiseb.demo",  # the top layer: builds on every app above, imported by none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "deiseb.core.middleware.BadInputMiddleware",  # before anything reads the path or the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "deiseb.core.routers.ReplicaMiddleware",  # public reads to the replica; unused without one
    "deiseb.core.middleware.LanguageHostMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "deiseb.accounts.middleware.StaffSessionMiddleware",
    "deiseb.accounts.middleware.StaffTwoFactorMiddleware",
    # Last, as axes asks: it turns a refused sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "deiseb.urls"
WSGI_APPLICATION = "deiseb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "deiseb.core.context_processors.site",
                "deiseb.accounts.context_processors.staff",
                "deiseb.switches.context_processors.pauses",
            ],
        },
    }
]

# SQLite is the embedded default; PostgreSQL is production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'deiseb.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("DEISEB_SQLITE_TEST_NAME", "") or None}

# Past one box (docs/deploy/layout.md), PostgreSQL only. DEISEB_DB_POOL="min,max" (or "max")
# keeps a pool of open connections in each process (psycopg's pool, which needs CONN_MAX_AGE 0);
# DEISEB_PGBOUNCER=true is for PgBouncer in transaction mode, where a server-side cursor cannot
# outlive its transaction. DATABASE_REPLICA_URL adds a streaming replica for public reads
# (deiseb.core.routers); a client that has just written reads the primary for PIN_SECONDS.
DB_POOL = env_list("DEISEB_DB_POOL")
DB_POOL_TIMEOUT = env_int("DEISEB_DB_POOL_TIMEOUT", 10)
PGBOUNCER = env_bool("DEISEB_PGBOUNCER", False)
REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_PIN_SECONDS = env_int("DEISEB_REPLICA_PIN_SECONDS", 30)


def postgres_options(database: dict) -> dict:
    if (DB_POOL or PGBOUNCER or REPLICA_URL) and not database["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured(
            "DEISEB_DB_POOL, DEISEB_PGBOUNCER and DATABASE_REPLICA_URL need PostgreSQL"
        )
    if DB_POOL:
        sizes = [int(size) for size in DB_POOL if size.isdigit()]
        low, high = (1, *sizes) if len(sizes) == 1 else (*sizes, 0, 0)[:2]
        if len(sizes) != len(DB_POOL) or len(sizes) > 2 or not 0 <= low <= high or high < 1:
            given = env_str("DEISEB_DB_POOL")
            raise ImproperlyConfigured(f"DEISEB_DB_POOL is min,max or max, not {given!r}")
        database["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
        pool = {"min_size": low, "max_size": high, "timeout": DB_POOL_TIMEOUT}
        database["OPTIONS"] = {**database.get("OPTIONS", {}), "pool": pool}
    if PGBOUNCER:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database


if DB_POOL or PGBOUNCER or REPLICA_URL:
    postgres_options(DATABASES["default"])
if REPLICA_URL:
    DATABASES["replica"] = postgres_options(dj_database_url.parse(REPLICA_URL, conn_max_age=60))
    # Tests read the replica as the test database itself, so the suite runs with it set.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["deiseb.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is shared by every app server; a short timeout, because a stalled Redis must not stall
# signing (rate limits fail open). Without it, rate limits count in the database instead.
REDIS_URL = env_str("REDIS_URL")
REDIS_TIMEOUT = float(env_str("DEISEB_REDIS_TIMEOUT", "0.5"))
REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
    "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
}
CACHES = {
    "default": (
        REDIS_CACHE if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rendered public pages, shared by every app server (deiseb.core.caching): in Redis when
    # it is set, otherwise in a database table that `migrate` creates.
    "pages": (
        {**REDIS_CACHE, "KEY_PREFIX": "pages"}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "deiseb_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes checks for a lockout before any password is tried, so its backend comes first.
AUTHENTICATION_BACKENDS = [
    "deiseb.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"

# Staff accounts. A name is locked after AXES_FAILURE_LIMIT wrong passwords in a row, and an
# address (an office's staff may share one) after more; either waits out the cool-off, which
# every attempt during it starts again. Two-factor is for every staff account unless demo.
AXES_FAILURE_LIMIT = env_int("DEISEB_LOGIN_FAILURE_LIMIT", 5)
STAFF_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DEISEB_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DEISEB_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "deiseb.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "deiseb.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "deiseb.ratelimits.services.client_ip"
STAFF_2FA = env_bool("DEISEB_STAFF_2FA", not DEMO)
STAFF_IDLE_MINUTES = env_int("DEISEB_STAFF_IDLE_MINUTES", 30)
STAFF_SESSION_HOURS = env_int("DEISEB_STAFF_SESSION_HOURS", 8)
OTP_TOTP_ISSUER = f"{PARLIAMENT_NAME_EN} petitions"
# The admin never shows a device's secret or QR code: a sysadmin could otherwise copy another
# person's second factor. A lost phone is handled by deleting the device; its owner sets it up.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("DEISEB_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEMO)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEMO else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Confirmation links carry tokens: never send them on to another site in a Referer header.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script but our own files. Style attributes stay: bars and party colours are drawn with
# style="width: …" and "background: …" from the data; <style> elements are still refused where
# browsers know style-src-elem.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "style-src-elem": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
    }
}
# Nothing here needs a camera, a location or a payment: no page, nor anything it embeds, may ask.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

# Mail: SMTP whenever EMAIL_HOST is set; the demo without it keeps mail in the outbox only.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Deiseb <no-reply@deiseb.invalid>")
EMAIL_MAX_ATTEMPTS = env_int("DEISEB_EMAIL_MAX_ATTEMPTS", 8)
DEMO_OUTBOX = env_bool("DEISEB_DEMO_OUTBOX", DEMO)

TASKS = {
    "default": {
        "BACKEND": env_str("DEISEB_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "signing", "counting", "email"],
    }
}

# Open data files (postcodes, constituencies, countries): read, never copied into the repo.
DATA_DIR = Path(env_str("DEISEB_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

# Petition rules: the Senedd profile. Thresholds are frozen on each petition at creation.
PETITION_SPONSORS_REQUIRED = env_int("DEISEB_SPONSORS_REQUIRED", 2)
PETITION_SPONSORS_MAX = env_int("DEISEB_SPONSORS_MAX", 20)
PETITION_MIN_DURATION_DAYS = env_int("DEISEB_MIN_DURATION_DAYS", 30)
PETITION_MAX_DURATION_MONTHS = env_int("DEISEB_MAX_DURATION_MONTHS", 6)
PETITION_REFERRAL_THRESHOLD = env_int("DEISEB_REFERRAL_THRESHOLD", 250)
PETITION_DEBATE_THRESHOLD = env_int("DEISEB_DEBATE_THRESHOLD", 10_000)
PETITION_REFERRAL_DELAY_HOURS = env_int("DEISEB_REFERRAL_DELAY_HOURS", 24)
PETITION_ACTION_MAX = 100
PETITION_BACKGROUND_MAX = 500
PETITION_ADDITIONAL_DETAILS_MAX = 1100
SIGNATURES_PER_EMAIL_MAX = 2
SIGNATURE_TOKEN_DAYS = env_int("DEISEB_SIGNATURE_TOKEN_DAYS", 30)
# How long the "check your email" page may show the address just used to sign.
SIGNED_EMAIL_SECONDS = env_int("DEISEB_SIGNED_EMAIL_SECONDS", 600)

# Moderation. The queue's facets count days since a petition reached its supporters; past
# QUEUE_LONG petitions waiting, creators are told moderation may take longer than usual. A
# moderator who opens a petition holds it for EDIT_LOCK_MINUTES, renewed while they work.
MODERATION_NEARLY_OVERDUE_DAYS = env_int("DEISEB_MODERATION_NEARLY_OVERDUE_DAYS", 5)
MODERATION_OVERDUE_DAYS = env_int("DEISEB_MODERATION_OVERDUE_DAYS", 7)
MODERATION_QUEUE_LONG = env_int("DEISEB_MODERATION_QUEUE_LONG", 500)
MODERATION_EDIT_LOCK_MINUTES = env_int("DEISEB_MODERATION_EDIT_LOCK_MINUTES", 5)

# Rate limits (0 turns one off): attempts per window from one connection, or to one inbox.
# Generous per connection, because a school or an office signs from one address.
RATE_LIMIT_WINDOW = env_int("DEISEB_RATE_LIMIT_WINDOW", 600)
RATE_LIMIT_SIGNING_PER_IP = env_int("DEISEB_RATE_LIMIT_SIGNING_PER_IP", 200)
RATE_LIMIT_CREATING_PER_IP = env_int("DEISEB_RATE_LIMIT_CREATING_PER_IP", 10)
RATE_LIMIT_EMAILS_PER_INBOX = env_int("DEISEB_RATE_LIMIT_EMAILS_PER_INBOX", 3)
# "Your signatures": links asked for from one connection, and emails sent to one inbox.
RATE_LIMIT_SIGNATURE_LINKS_PER_IP = env_int("DEISEB_RATE_LIMIT_SIGNATURE_LINKS_PER_IP", 20)
RATE_LIMIT_SIGNATURE_LINKS_PER_INBOX = env_int("DEISEB_RATE_LIMIT_SIGNATURE_LINKS_PER_INBOX", 3)
# How long the emailed link to a signer's own signatures works.
SIGNATURES_LINK_HOURS = env_int("DEISEB_SIGNATURES_LINK_HOURS", 24)

# Public pages. A CDN may serve a page for max-age, then a stale copy while it refetches.
PETITIONS_PER_PAGE = env_int("DEISEB_PETITIONS_PER_PAGE", 20)
PETITION_SEARCH_MAX_LENGTH = 200
TRENDING_WINDOW_MINUTES = env_int("DEISEB_TRENDING_WINDOW_MINUTES", 60)
# Each hour, per petition, an IP address or email domain with more signatures than this is
# logged as trending, and with more than the second it is notified to the webhook (JSON POST).
TRENDING_LOG_THRESHOLD = env_int("DEISEB_TRENDING_LOG_THRESHOLD", 100)
TRENDING_NOTIFY_THRESHOLD = env_int("DEISEB_TRENDING_NOTIFY_THRESHOLD", 200)
TRENDING_WEBHOOK_URL = env_str("DEISEB_TRENDING_WEBHOOK_URL", "")
# Invalidations strike out matching signatures this many at a time, each batch one transaction.
INVALIDATION_BATCH_SIZE = env_int("DEISEB_INVALIDATION_BATCH_SIZE", 1000)
# Personal data kept only as long as needed (the privacy notice says so from these).
UNCONFIRMED_RETENTION_DAYS = env_int("DEISEB_UNCONFIRMED_RETENTION_DAYS", 30)
SIGNER_RETENTION_MONTHS = env_int("DEISEB_SIGNER_RETENTION_MONTHS", 12)
# Seconds between retention runs (delete unconfirmed signatures, anonymise due petitions).
RETENTION_INTERVAL = env_int("DEISEB_RETENTION_INTERVAL", 86400)
PUBLIC_CACHE_MAX_AGE = env_int("DEISEB_PUBLIC_CACHE_MAX_AGE", 60)
PUBLIC_CACHE_STALE = env_int("DEISEB_PUBLIC_CACHE_STALE", 300)
# The origin keeps each public page it renders (CACHES["pages"]) this many seconds, then serves
# the stale copy for up to PAGE_CACHE_STALE more while one request renders it again: a new
# count shows within one count interval. 0 renders every request afresh.
PAGE_CACHE_SECONDS = env_int("DEISEB_PAGE_CACHE_SECONDS", env_int("DEISEB_COUNT_INTERVAL", 5))
PAGE_CACHE_STALE = env_int("DEISEB_PAGE_CACHE_STALE", 60)
# Each process keeps the reads every sign POST makes (the petition, the pause switches, the
# countries) this many seconds, so a moderator's change or a pause reaches every server within
# it. 0 reads them every time.
LOCAL_CACHE_SECONDS = env_int("DEISEB_LOCAL_CACHE_SECONDS", 2)
# Optional per-language hostnames, e.g. petitions.senedd.wales and deisebau.senedd.cymru: a host
# picks its language, and the language switch links to the other host.
LANGUAGE_HOSTS = {
    language: host
    for language, host in (
        ("en", env_str("DEISEB_HOST_EN", "")),
        ("cy", env_str("DEISEB_HOST_CY", "")),
    )
    if host
}
ALLOWED_HOSTS += [host for host in LANGUAGE_HOSTS.values() if host not in ALLOWED_HOSTS]

# The Senedd's members from its ModernGov web service (GetCouncillorsByWard), in English and in
# Welsh, e.g. https://business.senedd.wales/mgwebservice.asmx/GetCouncillorsByWard and
# …/mgwebservicew.asmx/…: imported every MEMBERS_FETCH_INTERVAL seconds when both are set.
MEMBERS_URL_EN = env_str("DEISEB_MEMBERS_URL_EN", "")
MEMBERS_URL_CY = env_str("DEISEB_MEMBERS_URL_CY", "")
MEMBERS_FETCH_INTERVAL = env_int("DEISEB_MEMBERS_FETCH_INTERVAL", 86400)
MEMBERS_FETCH_TIMEOUT = env_int("DEISEB_MEMBERS_FETCH_TIMEOUT", 10)

# Background schedule, in seconds. Counting runs on its own queue.
COUNT_INTERVAL = env_int("DEISEB_COUNT_INTERVAL", 5)
COUNT_BATCH_SIZE = env_int("DEISEB_COUNT_BATCH_SIZE", 5000)
CLOSE_INTERVAL = env_int("DEISEB_CLOSE_INTERVAL", 60)
RECONCILE_INTERVAL = env_int("DEISEB_RECONCILE_INTERVAL", 900)
EMAIL_SWEEP_INTERVAL = env_int("DEISEB_EMAIL_SWEEP_INTERVAL", 60)
PRUNE_INTERVAL = env_int("DEISEB_PRUNE_INTERVAL", 3600)
# Trending addresses are counted by the clock hour; each run also counts the hour before.
TRENDING_LOG_INTERVAL = env_int("DEISEB_TRENDING_LOG_INTERVAL", 3600)
# How often to look for a paused night to credit; each midnight is credited once, however often.
PAUSED_NIGHTS_INTERVAL = env_int("DEISEB_PAUSED_NIGHTS_INTERVAL", 900)
# Updates to signers: emails queued per transaction, and how often a stalled update is resumed.
NOTIFICATION_BATCH_SIZE = env_int("DEISEB_NOTIFICATION_BATCH_SIZE", 200)
NOTIFICATION_SWEEP_INTERVAL = env_int("DEISEB_NOTIFICATION_SWEEP_INTERVAL", 60)
TASK_RESULT_RETENTION_HOURS = env_int("DEISEB_TASK_RESULT_RETENTION_HOURS", 24)
FAILED_TASK_RETENTION_DAYS = env_int("DEISEB_FAILED_TASK_RETENTION_DAYS", 7)
# Workers, in seconds. Each beats every HEARTBEAT_INTERVAL; one silent for LOST_AFTER is taken
# for dead, and the reaper (every REAP_INTERVAL) requeues what it had claimed: a killed worker's
# work is taken over within LOST_AFTER + REAP_INTERVAL (45 s). Temporary SMTP failures are
# retried after EMAIL_RETRY_BACKOFF * 2**attempts, at most six hours.
WORKER_HEARTBEAT_INTERVAL = env_int("DEISEB_WORKER_HEARTBEAT_INTERVAL", 5)
WORKER_LOST_AFTER = env_int("DEISEB_WORKER_LOST_AFTER", 30)
WORKER_REAP_INTERVAL = env_int("DEISEB_WORKER_REAP_INTERVAL", 15)
# Signing attempts run side by side in this many lanes of each worker serving the queue: an
# attempt mostly waits on the database, and one lane kept up with a fifth of the sign POSTs.
WORKER_SIGNING_LANES = env_int("DEISEB_WORKER_SIGNING_LANES", 4)
EMAIL_RETRY_BACKOFF = env_int("DEISEB_EMAIL_RETRY_BACKOFF", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run every few seconds drowns everything else; failures still show.
        "django_tasks": {"level": env_str("TASK_LOG_LEVEL", "WARNING")},
        "django_tasks_db": {"level": env_str("TASK_LOG_LEVEL", "WARNING")},
        # Axes writes several INFO lines per sign-in; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}
