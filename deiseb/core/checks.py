"""Deiseb's own `check --deploy`: settings that would leak or break a production site."""

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_SECRET_KEY_LENGTH = 50


@register(Tags.security, deploy=True)
def demo_outbox_needs_demo(app_configs, **kwargs):
    if settings.DEMO_OUTBOX and not settings.DEMO:
        return [
            Error(
                "DEISEB_DEMO_OUTBOX is on outside demo mode: /demo/outbox/ would publish every "
                "confirmation link, and with it anyone's signature.",
                hint="Unset DEISEB_DEMO_OUTBOX (it follows DEISEB_DEMO).",
                id="deiseb.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def secret_key_is_strong(app_configs, **kwargs):
    key = settings.SECRET_KEY
    if not settings.DEMO and (len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5):
        return [
            Error(
                f"SECRET_KEY is too short or too plain for production: it signs confirmation "
                f"links, unsubscribe links and sessions. Use at least {MIN_SECRET_KEY_LENGTH} "
                f"random characters.",
                hint='python -c "import secrets; print(secrets.token_urlsafe(64))"',
                id="deiseb.E002",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def redis_is_reachable(app_configs, **kwargs):
    if not settings.REDIS_URL:
        return []
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means the setting is unusable
        return [
            Error(
                f"REDIS_URL is set but Redis cannot be used: {type(exc).__name__}: {exc}",
                hint="Start Redis, correct REDIS_URL, or unset it to count limits in the database.",
                id="deiseb.E003",
            )
        ]
    return []
