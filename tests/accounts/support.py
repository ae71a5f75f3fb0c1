"""What the staff-account tests share: signing in by the form, and the code an app would show."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password=PASSWORD, path="/en/staff/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def app_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app holding the device's key shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
