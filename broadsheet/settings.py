"""Broadsheet's only settings module. Every value comes from the environment.

The defaults run the embedded mode with nothing set: SQLite in WAL mode and a
generated secret key, both inside DATA_DIR, with DEBUG off. Every variable read
here is listed in docs/configuration.md (a test keeps the two in step).
"""

from pathlib import Path

from broadsheet.environment import (
    cache_from_env,
    data_dir_from_env,
    database_from_env,
    email_backend_from_env,
    env_bool,
    env_int,
    env_list,
    env_optional_url,
    env_str,
    env_url,
    media_storage_from_env,
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
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
SITE_NAME = env_str("SITE_NAME", "Broadsheet")
PORT = env_int("PORT", default=8000, minimum=1)

INSTALLED_APPS = [
    # replies comes first: it fills the reply section of the articles' page
    # by overriding articles/includes/after_article.html.
    "broadsheet.syndication",
    "broadsheet.replies",
    "broadsheet.articles",
    "broadsheet.pages",
    "broadsheet.media",
    "broadsheet.accounts",
    "broadsheet.server",
    "broadsheet.caching",
    "broadsheet.migration",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and Last-Modified answered with 304 Not Modified, for pages and feeds.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "broadsheet.caching.middleware.CacheHeadersMiddleware",
    # Innermost, so it sees the 404 a real page would not have given.
    "broadsheet.migration.middleware.OldAddressMiddleware",
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
        # One template, the reply thread, which runs once per reply: compiled
        # Jinja2 renders it several times faster (docs/performance.md).
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

# The media library (docs/media.md): the largest upload, and the most pixels an
# image may have (more is refused as a possible decompression bomb).
MEDIA_MAX_UPLOAD_BYTES = env_int("MEDIA_MAX_UPLOAD_MB", default=100, minimum=1) * 2**20
MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_MEGAPIXELS", default=60, minimum=1) * 10**6

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Behind an HTTPS proxy, set SECURE_COOKIES=1 so cookies are never sent in clear.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)

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
