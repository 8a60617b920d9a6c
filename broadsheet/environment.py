"""Strict readers for the environment variables that configure Broadsheet.

Every reader names the variable when its value is wrong, so a typo stops the
server at start-up instead of silently picking a default::

    DEBUG = env_bool("DEBUG", default=False)   # "1", "true", "yes", "on" are True
    PORT = env_int("PORT", default=8000)
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable's value, or default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; anything but a yes/no word is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """Return the variable as a whole number no smaller than minimum."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str) -> str:
    """Return an absolute http(s) URL without its trailing slash."""
    raw = os.environ.get(name, default).strip()
    if not raw.startswith(("http://", "https://")) or raw[-3:] == "://":
        raise ImproperlyConfigured(f"{name}={raw!r} must be an absolute http(s) URL.")
    return raw.rstrip("/")


def env_optional_url(name: str) -> str:
    """Like env_url, but "" when the variable is unset or empty."""
    return env_url(name, "") if os.environ.get(name, "").strip() else ""


def env_optional_folder(name: str) -> Path | None:
    """Return the variable as an absolute folder path, or None when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not os.path.isabs(raw):
        raise ImproperlyConfigured(f"{name}={raw!r} must be an absolute path.")
    return Path(raw)


def data_dir_from_env() -> Path:
    """Return the data folder (DATA_DIR, default ./data); `broadsheet setup` makes it.

    Reading the settings writes nothing, so `broadsheet --help` and other
    read-only commands leave the folder they run in as it was.
    """
    return Path(os.environ.get("DATA_DIR") or Path.cwd() / "data").resolve()


def secret_key_from_env(data_dir: Path) -> str:
    """Return SECRET_KEY, or the key kept in the data folder by `broadsheet setup`.

    Before setup there is none: a throwaway key serves the commands that run
    then (serve and worker refuse to start without a kept key).
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        return secrets.token_urlsafe(50)
    key = key_file.read_text().strip()
    if not key:
        raise ImproperlyConfigured(
            f"{key_file} is empty: delete it to generate a new key."
        )
    return key


def keep_secret_key(data_dir: Path) -> str:
    """Create the data folder and its secret key file if missing; return the key."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"DATA_DIR={data_dir}: cannot create it ({error})."
        ) from None
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        # O_EXCL: two setups running together must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    key = key_file.read_text().strip()
    if not key:
        raise ImproperlyConfigured(
            f"{key_file} is empty: delete it to generate a new key."
        )
    return key


# Executions of a statement on one connection before psycopg prepares it.
PREPARE_AFTER = 5


def database_from_env(data_dir: Path) -> dict:
    """Return the default database: DATABASE_URL, or SQLite (WAL) in the data folder."""
    prepared = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {
            # Django's SQLite backend, with writers queueing on a file lock.
            "ENGINE": "broadsheet.db.sqlite",
            "NAME": data_dir / "broadsheet.sqlite3",
            # Opening a connection runs the PRAGMAs below: keep it between requests.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE takes the
                # write lock at BEGIN so concurrent writers queue instead of failing.
                # mmap_size: pages are read through memory mapping instead of a
                # read() per page (a search over 100,000 articles: ~9% less CPU).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA busy_timeout=10000; PRAGMA mmap_size=268435456;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several unrelated types
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a usable URL: {error}"
        ) from None
    if not config.get("ENGINE"):
        scheme = url.split(":", 1)[0]
        raise ImproperlyConfigured(f"DATABASE_URL: unknown database scheme {scheme!r}.")
    if config["ENGINE"].endswith("postgresql") and prepared:
        # Parameters bound by the server, so that a statement's text is the
        # same on every request, and prepared once it has run a few times on
        # a connection: PostgreSQL plans a page's statements once per
        # connection, not on every request (docs/performance.md). Connection
        # poolers in transaction mode need it off (docs/configuration.md).
        options = config.setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", PREPARE_AFTER)
    return config


EMAIL_BACKENDS = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def email_backend_from_env() -> str:
    """Return the mail backend named by EMAIL_BACKEND: file (default), console, smtp."""
    name = os.environ.get("EMAIL_BACKEND", "file").strip().lower()
    if name not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND={name!r} is not one of {', '.join(EMAIL_BACKENDS)}."
        )
    return EMAIL_BACKENDS[name]


def cache_from_env(data_dir: Path) -> dict:
    """Return the default cache: Redis at REDIS_URL, or files in DATA_DIR/cache."""
    url = os.environ.get("REDIS_URL")
    if url:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"REDIS_URL must start with redis://, not {url[:8]!r}."
            )
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    return {
        # Django's file cache, culling at most once a minute (caching/filecache.py).
        "BACKEND": "broadsheet.caching.filecache.FileCache",
        "LOCATION": str(data_dir / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }


def proxy_ssl_header_from_env() -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from a header name ("X-Forwarded-Proto"), or None."""
    name = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
    if not name:
        return None
    if not all(part.isalnum() for part in name.split("-")):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER={name!r} is not a header name such as "
            "X-Forwarded-Proto."
        )
    return ("HTTP_" + name.upper().replace("-", "_"), "https")


def media_storage_from_env() -> dict:
    """Return the storage for uploaded images: files in DATA_DIR/media, or an
    S3-compatible bucket (django-storages) when MEDIA_S3_BUCKET is set."""
    bucket = env_str("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_optional_url("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": env_str("MEDIA_S3_REGION", "") or None,
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
        "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN", "") or None,
        # Renditions are public files with stable names: plain URLs, kept in
        # cached pages, rather than signed ones that expire.
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
