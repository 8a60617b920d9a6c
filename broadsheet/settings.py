"""Broadsheet's only settings module. Every value comes from the environment.

The defaults run the embedded mode with nothing set: SQLite in WAL mode and a
generated secret key, both inside DATA_DIR, with DEBUG off. Every variable read
here is listed in docs/configuration.md (a test keeps the two in step).
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from broadsheet.environment import (
    cache_from_env,
    data_dir_from_env,
    database_from_env,
    email_backend_from_env,
    env_bool,
    env_int,
    env_list,
    env_optional_folder,
    env_optional_url,
    env_str,
    env_url,
    media_storage_from_env,
    proxy_ssl_header_from_env,
    secret_key_from_env,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir_from_env()

SECRET_KEY = secret_key_from_env(DATA_DIR)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, used where an absolute URL is needed
# (feeds, e-mails, canonical links) and there is no request to ask.
PORT = env_int("PORT", default=8000, minimum=1)
# Without SITE_URL, the address `broadsheet serve` listens on (it follows PORT).
SITE_URL = env_url("SITE_URL", f"http://127.0.0.1:{PORT}")
SITE_NAME = env_str("SITE_NAME", "Broadsheet")

INSTALLED_APPS = [
    # syndication, replies and stories come before articles: they fill the slots the
    # articles' pages leave for them by overriding articles/includes/*.html
    # (the head's feeds and structured data, the replies under an article, the
    # story box and the breaking-news banner on every page).
    "broadsheet.syndication",
    "broadsheet.replies",
    "broadsheet.stories",
    "broadsheet.live",  # fills articles/includes/before_body.html
    "broadsheet.articles",
    "broadsheet.pages",
    "broadsheet.media",
    "broadsheet.accounts",
    "broadsheet.server",
    "broadsheet.caching",
    "broadsheet.migration",
    "broadsheet.search",
    "broadsheet.background",
    "broadsheet.followups",
    # signin comes before the admin: it overrides admin/login.html.
    "broadsheet.signin",
    "broadsheet.security",
    "broadsheet.accounts.admin_app.NewsroomAdminConfig",  # contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: it sees every cookie the layers below set (docs/security.md).
    "broadsheet.security.middleware.SecureCookiesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policies too.
    "broadsheet.security.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # /?s=words, WordPress's search address, is redirected to /search/?q=words.
    "broadsheet.search.middleware.WordPressSearchMiddleware",
    # ETag and Last-Modified answered with 304 Not Modified, for pages and feeds.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "broadsheet.signin.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "broadsheet.caching.middleware.CacheHeadersMiddleware",
    # Innermost of ours, so it sees the 404 a real page would not have given.
    "broadsheet.migration.middleware.OldAddressMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

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
                "broadsheet.context_processors.site",
                "broadsheet.articles.context_processors.sections",
                "broadsheet.pages.context_processors.menus",
            ],
        },
    },
    {
        # The replies section (the thread, which runs once per reply, and the
        # reply form's parts, shared with the edit page): compiled Jinja2
        # renders the thread several times faster (docs/performance.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "broadsheet.replies.jinja.environment"},
    },
]

DATABASES = {"default": database_from_env(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# How a dateline's date is shown, in Django's date-format letters.
# The default matches the reference article: "17 Mar 2025, Mon".
DATELINE_FORMAT = env_str("DATELINE_FORMAT", "j M Y, D")
# Feeds: how many items, and the whole article (true) or only its summary.
FEED_ITEMS = env_int("FEED_ITEMS", default=20, minimum=1)
FEED_FULL_CONTENT = env_bool("FEED_FULL_CONTENT", default=True)
# Live coverage (docs/live.md): how often an open page asks for new entries.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", default=15, minimum=1)
# Articles on the front page and on each listing page.
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", default=12, minimum=1)

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Files in MEDIA_ROOT, or an S3-compatible bucket (docs/media.md).
    "default": media_storage_from_env(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The cache: Redis when REDIS_URL is set (several servers share it), else files
# in DATA_DIR/cache, shared by the worker processes of one server.
CACHES = {"default": cache_from_env(DATA_DIR)}
# Full pages are kept in that cache and served before Django (broadsheet.caching).
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=300, minimum=1)  # s-maxage
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", default=60)
# Told the surrogate keys of every purge, for a CDN (broadsheet/caching/webhook.py).
PURGE_WEBHOOK_URL = env_optional_url("PURGE_WEBHOOK_URL")
# Kept pages also written as files there, for nginx in front to serve itself
# (broadsheet/caching/pagefiles.py, docs/deployment.md); unset: no files.
PAGE_FILES_DIR = env_optional_folder("PAGE_FILES_DIR")

# The media library (docs/media.md): the largest upload, and the most pixels an
# image may have (more is refused as a possible decompression bomb).
MEDIA_MAX_UPLOAD_BYTES = env_int("MEDIA_MAX_UPLOAD_MB", default=100, minimum=1) * 2**20
MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_MEGAPIXELS", default=60, minimum=1) * 10**6

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Behind an HTTPS proxy, set SECURE_COOKIES=1 so cookies are never sent in clear:
# every cookie the site sets (broadsheet.security.middleware.SecureCookiesMiddleware).
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
# The header a TLS-terminating proxy sets (e.g. X-Forwarded-Proto) to say the
# reader's connection was HTTPS. Its own variable, not TRUSTED_PROXY_COUNT: only
# set it if the proxy always overwrites that header, or any client can claim HTTPS.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header_from_env()
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)

# Content-Security-Policy (django-csp 4): one policy, the same for every reader,
# so whole cached pages can keep their headers: no nonces, scripts are files.
# JSON-LD blocks are data, which script-src does not govern.
CSP_REPORT_URL = env_str("CSP_REPORT_URL", "/security/csp-report/")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [CSP_REPORT_URL]} if CSP_REPORT_URL else {}),
    }
}
# What the admin's pages add to that policy (see ContentSecurityPolicyMiddleware).
ADMIN_CONTENT_SECURITY_POLICY_UPDATE = {"style-src-attr": ["'unsafe-inline'"]}
# Reports one address may send a minute to our endpoint; more are dropped (429).
CSP_REPORTS_PER_MINUTE = env_int("CSP_REPORTS_PER_MINUTE", default=30)
# Browser features no page of ours uses, switched off for the page and its frames.
PERMISSIONS_POLICY = {
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
    )
}

# Staff sign-in (broadsheet.signin): django-axes counts failed passwords per
# account and per address, each on its own (docs/security.md says why).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", default=15, minimum=1)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "broadsheet.replies.abuse.client_ip"
AXES_LOCKOUT_CALLABLE = "broadsheet.signin.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure, listed in the admin
# Staff in these roles must sign in with a second factor (TOTP or a recovery
# code); until they have set one up, the admin sends them to set it up.
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", default=["Administrator", "Editor"])
OTP_TOTP_ISSUER = SITE_NAME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Reader replies: the operational limits. The editorial policy (moderation mode,
# word lists, closing, nesting) is edited in the admin: Discussion settings.
REPLIES_EDIT_MINUTES = env_int("REPLIES_EDIT_MINUTES", default=15)  # author may edit
REPLIES_RATE_LIMIT = env_int("REPLIES_RATE_LIMIT", default=5, minimum=1)  # a minute
REPLIES_FLOOD_SECONDS = env_int("REPLIES_FLOOD_SECONDS", default=5)  # between two
REPLIES_MIN_FILL_SECONDS = env_int("REPLIES_MIN_FILL_SECONDS", default=3)  # else spam
REPLIES_IP_RETENTION_DAYS = env_int("REPLIES_IP_RETENTION_DAYS", default=30)
# How many proxies in front of the server append to X-Forwarded-For (0: trust none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
REPLIES_MAX_REQUEST_BYTES = env_int("REPLIES_MAX_REQUEST_BYTES", default=256 * 1024)
# Links to export or erase one's replies: at most this many mailed to one
# address a day, and this many requests from one IP address an hour.
PRIVACY_REQUESTS_PER_ADDRESS = env_int("PRIVACY_REQUESTS_PER_ADDRESS", default=3)
PRIVACY_REQUESTS_PER_IP = env_int("PRIVACY_REQUESTS_PER_IP", default=10, minimum=1)
# "Follow this story": new follows from one IP address an hour (broadsheet.stories).
STORY_FOLLOWS_PER_IP = env_int("STORY_FOLLOWS_PER_IP", default=10, minimum=1)

# Mail: notifications to moderators and subscribers, privacy links. By default
# messages are written as files to DATA_DIR/mail; EMAIL_BACKEND=smtp sends them.
EMAIL_BACKEND = email_backend_from_env()
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# A mail server that stops answering fails the send (and it is retried) after this.
EMAIL_TIMEOUT = 30

# Background work (broadsheet/background): a queue in the site's own database,
# run by `broadsheet worker` (which `broadsheet serve` starts).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The first retry waits this long; each next one twice as long (at most a day).
TASKS_RETRY_SECONDS = env_int("TASKS_RETRY_SECONDS", default=30, minimum=1)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", default=12, minimum=1)
# A task RUNNING this long was left by a worker that died: it is run again.
TASKS_STALE_SECONDS = env_int("TASKS_STALE_SECONDS", default=600, minimum=60)
