import math
from urllib.parse import urlencode

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.html import mark_safe
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from deiseb.accounts import services
from deiseb.accounts.forms import AppCodeForm, SecondFactorForm
from deiseb.accounts.middleware import second_step_url, start_staff_session
from deiseb.accounts.roles import CLERKS, MODERATORS, SYSADMINS, has_role

# Where each role starts its day, in order of preference for someone holding several.
LANDING = [
    (MODERATORS, "moderation:queue"),
    (CLERKS, "record:index"),
    (SYSADMINS, "admin:index"),
]


@login_required
def staff_home(request):
    """After signing in, each role lands on its own work rather than on a page it cannot see."""
    for role, url_name in LANDING:
        if has_role(request.user, role):
            return redirect(url_name)
    raise PermissionDenied


class StaffLoginView(LoginView):
    """Step one, the password. With STAFF_2FA on it leads to step two, not to the work."""

    template_name = "accounts/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        start_staff_session(self.request.session)
        return response

    def get_success_url(self):
        url = super().get_success_url()
        if services.two_factor_required():
            return second_step_url(self.request.user, url)
        return url


def admin_login(request):
    """The admin's own sign-in form would skip the second step, so it sends people to ours."""
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


def locked_out(request, original_response=None, credentials=None):
    """What axes shows once a name or an address has failed too often (AXES_LOCKOUT_CALLABLE).

    The same page whether or not the name belongs to anyone, and whatever password came with
    it, so it tells a guesser nothing.
    """
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@never_cache
@login_required
def verify(request):
    """Step two: a code from the app, or a recovery code when the phone is not to hand."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not services.has_second_factor(user):
        return redirect(second_step_url(user, next_url))
    form = SecondFactorForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _verified(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = services.recovery_codes_left(user)
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. You have %(count)d left.",
                    "You used a recovery code. You have %(count)d left.",
                    left,
                )
                % {"count": left},
            )
        return redirect(next_url)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
def setup(request):
    """Add an authenticator app: scan the code or type the key, then prove it with a code."""
    user = request.user
    next_url = _next_url(request)
    if services.has_second_factor(user):
        # Another app needs the code of the first; otherwise a stolen password adds its own.
        if user.is_verified():
            return redirect("accounts:recovery_codes")
        return redirect(second_step_url(user, next_url))
    device = services.unconfirmed_app_device(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_app_device(device, form.cleaned_data["code"])
        if codes is not None:
            _verified(request, TOTPDevice.objects.get(pk=device.pk))
            return _show_codes(request, codes, next_url)
        form.add_error(
            "code",
            _("That code is not right. Check your phone's clock, then try the code it shows."),
        )
    context = {
        "form": form,
        "next": next_url,
        # segno's SVG holds only the drawing and a <title> we wrote: nothing a user typed.
        "qr_code": mark_safe(services.qr_code_svg(device)),  # noqa: S308
        "secret": services.secret_for_typing(device),
    }
    return render(request, "accounts/setup.html", context)


@never_cache
@login_required
def recovery_codes(request):
    """How many recovery codes are left, and a fresh set on request (the old ones stop working)."""
    user = request.user
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:setup")
    if request.method == "POST":
        codes = services.make_recovery_codes(user)
        return _show_codes(request, codes, resolve_url(settings.LOGIN_REDIRECT_URL), replaced=True)
    left = services.recovery_codes_left(user)
    return render(request, "accounts/recovery_codes.html", {"left": left})


def _verified(request, device) -> None:
    otp_login(request, device)
    # A new key for the session that has just gained rights: one fixed before is worthless.
    request.session.cycle_key()


def _show_codes(request, codes: list[str], next_url: str, *, replaced: bool = False):
    """Recovery codes are shown once, in the response that made them, never kept in the session."""
    context = {"codes": codes, "next": next_url, "replaced": replaced}
    return render(request, "accounts/new_recovery_codes.html", context)


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)
