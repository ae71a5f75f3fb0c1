"""Two-factor devices: an authenticator app (TOTP) and a set of single-use recovery codes.

Codes are checked against one device at a time, chosen by their shape (six digits are the app's,
anything else a recovery code), so a wrong recovery code does not slow down the app's next
code. Each device throttles itself (django-otp doubles the wait after every wrong code), and is
locked for update while a code is checked, so one code cannot be spent twice at once.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


def two_factor_required() -> bool:
    """Read per request, so a test (or a settings change) turns enforcement on and off."""
    return settings.STAFF_2FA


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def unconfirmed_app_device(user) -> TOTPDevice:
    """The app being set up: the same secret on every visit until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, as apps ask for it, in groups of four so it can be read aloud."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's setup link as an inline SVG QR code: no image request, nothing cached."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff", svgclass="qr-code", title=_("QR code")
    )


def confirm_app_device(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app if `code` is the one it shows now; return the new recovery codes."""
    code = normalise_code(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if not _is_app_code(code) or not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        return make_recovery_codes(device.user)


def make_recovery_codes(user) -> list[str]:
    """A fresh set of recovery codes; every code made before stops working."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def check_code(user, code: str):
    """The device that accepts `code`, and whether a device refused to look (too many tries).

    Returns (device or None, throttled).
    """
    code = normalise_code(code)
    model = TOTPDevice if _is_app_code(code) else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                throttled = True
            elif device.verify_token(code):
                return device, False
    return None, throttled


def normalise_code(code: str) -> str:
    """People type codes with spaces and in capitals; tokens are stored without either."""
    return "".join(code.split()).lower()


def _is_app_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6
