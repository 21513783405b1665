"""Settings, read only from the environment (django-environ).

Every variable is listed with its default in README.md and .env.example.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A development key exists only while DEBUG is on: production must bring its own.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-conduct-register-key"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (required when DEBUG is off).")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "mozilla_django_oidc",
    # `declarations` comes before django_tasks_db: its `db_worker` (the queue, plus the
    # worker's heartbeat and the register's scheduled jobs) takes the command's name.
    "declarations",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Behind a proxy, the client's address from X-Forwarded-For, believed only from
    # TRUSTED_PROXIES: sign-in throttling and the logs then see each client (proxies.py).
    "conduct_register.proxies.ClientAddressMiddleware",
    # Then the rest, timed: one log line per request (request_log.py).
    "conduct_register.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy with a nonce per response, Permissions-Policy, and
    # Cache-Control: no-store on every signed-in page and export (conduct_register/headers.py).
    "csp.middleware.CSPMiddleware",
    "conduct_register.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Idle and absolute session limits (declarations/accounts/sessions.py).
    "declarations.accounts.sessions.SessionLimitsMiddleware",
    # Deny by default: every view needs a signed-in user unless marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The admin is for system administrators: 403 for anyone else signed in
    # (conduct_register/admin_access.py).
    "conduct_register.admin_access.AdminForAdministratorsMiddleware",
    # Records each 403 and 404 a signed-in user meets (the security log).
    "declarations.security_log.DenialLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conduct_register.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "declarations.context_processors.current_officer",
            ],
        },
    },
]

WSGI_APPLICATION = "conduct_register.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Each process keeps its connection between requests (for DATABASE_CONN_MAX_AGE
# seconds, checked before it is reused) rather than opening one per request: on
# PostgreSQL a new connection is a new server process, some milliseconds a request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No ATOMIC_REQUESTS: every service that writes several rows opens its own transaction
# (transaction.atomic), and exports and pages that only read hold none.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in: backends (django-axes first, so a locked-out attempt never reaches a password
# check), local accounts, then single sign-on.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "declarations.accounts.sso.backend.OfficerOIDCBackend",
]

# --- Sign-in: brute-force protection (django-axes; declarations/accounts/throttling.py) ---
AXES_VERBOSE = False
# One username from one address is locked after AXES_FAILURE_LIMIT failures, for the
# cool-off; its owner signing in from another address is not. One address is locked for
# every username after AXES_ADDRESS_FAILURE_LIMIT failures (ours, read by throttling.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=100)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = "declarations.accounts.throttling.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "declarations.accounts.throttling.UsernameAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "declarations.accounts.throttling.locked_out"  # the 429 page
AXES_RESET_ON_SUCCESS = True  # a success clears that username's failures from that address
# The cool-off runs from the failure that locked: refused attempts neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]

# --- Sign-in: second factor (django-otp) ---
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Conduct register")  # the app's label
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret
# How long a sign-in may wait between the password and the code (or setting up an app).
SECOND_FACTOR_TIMEOUT_MINUTES = env.int("SECOND_FACTOR_TIMEOUT_MINUTES", default=5)

# --- Sign-in: single sign-on (OpenID Connect; declarations/accounts/sso/) ---
# One identity provider per employer, named by the employer's code: SSO_PROVIDERS=thurrock,ecc.
# Each reads SSO_<CODE>_* (the code in capitals, "-" as "_"): ISSUER (discovery at
# <issuer>/.well-known/openid-configuration), CLIENT_ID and CLIENT_SECRET; optionally LABEL
# (the button's words) and AUTHORIZATION_ENDPOINT, TOKEN_ENDPOINT, USERINFO_ENDPOINT and
# JWKS_URI, which win over discovery (all four: no discovery at all).
_SSO_REQUIRED = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")
_SSO_ENDPOINTS = ("AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT", "USERINFO_ENDPOINT", "JWKS_URI")
_SSO_OPTIONAL = ("LABEL", *_SSO_ENDPOINTS)


def _sso_provider(code: str) -> dict[str, str]:
    prefix = "SSO_" + code.upper().replace("-", "_") + "_"
    names = _SSO_REQUIRED + _SSO_OPTIONAL
    provider = {name.lower(): env.str(prefix + name, default="") for name in names}
    missing = [prefix + name for name in _SSO_REQUIRED if not provider[name.lower()]]
    if missing:
        raise ImproperlyConfigured(f"Single sign-on for {code}: set {', '.join(missing)}.")
    return provider


SSO_PROVIDERS = {code: _sso_provider(code) for code in env.list("SSO_PROVIDERS", default=[])}
# mozilla-django-oidc: the per-provider values (endpoints, client) come from SSO_PROVIDERS.
OIDC_RP_SCOPES = "openid email profile"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # only officers already in the register can sign in
OIDC_STORE_ACCESS_TOKEN = False  # no token is kept in the session
OIDC_STORE_ID_TOKEN = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
OIDC_TIMEOUT = 10  # seconds for each request to a provider

# --- Sessions (declarations/accounts/sessions.py) and headers (conduct_register/headers.py) ---
# A session ends after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS
# after sign-in, however busy (OWASP ASVS V7.3). Pages warn SESSION_WARNING_SECONDS before
# the idle limit (static/js/session_timeout.js). The cookie lasts no longer than the
# absolute limit and goes when the browser closes.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_HOURS", default=12) * 60 * 60
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=120)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if scheme and rest else ""


# Content-Security-Policy (django-csp 4): scripts only from this site or carrying the
# response's nonce (templates use {{ request.csp_nonce }}), no inline styles, no plugins,
# never framed. Forms post here, or to an employer's identity provider: Chromium checks
# form-action against the redirects that follow a form, such as a sign-out that goes on
# to the provider.
_IDENTITY_PROVIDER_ORIGINS = sorted(
    {
        _origin(provider.get(endpoint, ""))
        for provider in SSO_PROVIDERS.values()
        for endpoint in ("issuer", "authorization_endpoint")
    }
    - {""}
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the second factor's QR code (an SVG)
        "form-action": [SELF, *_IDENTITY_PROVIDER_ORIGINS],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features no page here uses (conduct_register/headers.py sends the header).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Register exports, made by the worker. With web and worker processes on several machines,
# EXPORTS_ROOT must be a folder they all share (or configure another storage backend).
EXPORTS_ROOT = env.path("EXPORTS_ROOT", default=BASE_DIR / "exports")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Never served as static or media files: only the export's owner downloads one, through
    # the register's own view.
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Readable by the register's own account alone: they hold personal data.
        "OPTIONS": {
            "location": EXPORTS_ROOT,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="conduct-register@localhost")
# A mail server that hangs gives up after this many seconds: the email is tried again later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Emails go out from the background worker (declarations/notifications.py): a refused or
# failed sending is tried again after EMAIL_RETRY_SECONDS, doubling each time, up to
# EMAIL_MAX_ATTEMPTS tries in all (the defaults span about 8½ hours).
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)

# --- Background work (django-tasks) ---
# Tasks are rows in this database, run by `manage.py db_worker` (any number of workers, on
# any machine that reaches the database). Two queues: "default" (emails, reminders, the
# schedule's clean-ups: each a moment's work) and "exports" (register exports, which can
# take many minutes), so that a worker given only the default queue keeps emails moving
# while another makes a long PDF. TASKS_BACKEND=django_tasks.backends.immediate
# .ImmediateBackend runs tasks at once inside the request, without a worker: for
# development only (docs/background-work.md); the tests set it themselves.
TASK_QUEUES = ["default", "exports"]
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
# An export being made that has shown no progress for this long is taken to have lost its
# worker (killed or restarted) and is marked failed by the hourly clean-up.
EXPORT_STALLED_MINUTES = env.int("EXPORT_STALLED_MINUTES", default=30)
# /readyz says "not ready" when no worker has been seen for this long.
WORKER_SEEN_WITHIN_SECONDS = env.int("WORKER_SEEN_WITHIN_SECONDS", default=300)
# The worker runs the daily reminders and hourly clean-ups (conduct_register/schedule.py);
# false when cron runs the same commands instead.
SCHEDULED_JOBS = env.bool("SCHEDULED_JOBS", default=True)

# Register exports are made by the worker and kept in the "exports" storage for
# EXPORT_KEEP_HOURS, then deleted (EXPORTS_ROOT is above, with the other storages).
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
# The dashboard shows figures the worker works out (register/dashboard_tasks.py); older
# than this, a view asks for new ones (and the schedule refreshes them every 10 minutes).
DASHBOARD_MAX_AGE_MINUTES = env.int("DASHBOARD_MAX_AGE_MINUTES", default=10)

# The register's own settings.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")  # links in emails
APPROVAL_STEP_DUE_DAYS = env.int("APPROVAL_STEP_DUE_DAYS", default=10)
REMINDER_AFTER_DAYS = env.int("REMINDER_AFTER_DAYS", default=5)
# Days an officer has to say what happened to something their code says must be declined.
DISPOSITION_DUE_DAYS = env.int("DISPOSITION_DUE_DAYS", default=10)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Security: on by default whenever DEBUG is off, each switchable from the environment.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Secure cookies take the __Host- prefix: the browser then refuses them unless they are
# Secure, for the whole site (path "/") and from this host only (no Domain), so a
# neighbouring subdomain cannot plant or overwrite them. (The prefix needs HTTPS, so
# development over http keeps the plain names.)
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health checks over plain HTTP (conduct_register/health.py);
# they answer one word and set no cookie. Their Host must still be in ALLOWED_HOSTS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The load balancers or reverse proxies in front of the register (addresses or networks,
# e.g. 10.0.0.0/24): X-Forwarded-For is believed from them alone (conduct_register/proxies.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object a line when LOG_FORMAT is json (the default when DEBUG is off), for
# every log but the security log, which writes its own JSON (below); plain text otherwise.
# Every request adds one line on `conduct_register.requests` (conduct_register/request_log.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")

# The security log (declarations/security_log.py): record() logs each event as one JSON
# object, so its formatter writes the message as it is, one JSON line per event; to stderr
# unless SECURITY_LOG_FILE names a file (a WatchedFileHandler, so logrotate may move it),
# and never passed on to the root's handlers.
SECURITY_LOG_FILE = env.str("SECURITY_LOG_FILE", default="")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "security_json": {"format": "%(message)s"},
        "json": {"()": "conduct_register.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"}
        | ({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        "security": {
            "class": "logging.handlers.WatchedFileHandler",
            "filename": SECURITY_LOG_FILE,
            "encoding": "utf-8",
            "formatter": "security_json",
        }
        if SECURITY_LOG_FILE
        else {"class": "logging.StreamHandler", "formatter": "security_json"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "conduct_register.security": {
            "handlers": ["security"],
            "level": "INFO",
            "propagate": False,
        },
        # WeasyPrint reports every layout step at INFO; django-axes each sign-in (the
        # security log has those already).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
