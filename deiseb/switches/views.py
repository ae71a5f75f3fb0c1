"""The sysadmins' switches page: pause or resume signing and starting petitions."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from deiseb.accounts.roles import SYSADMINS, role_required
from deiseb.switches import services
from deiseb.switches.forms import SwitchForm
from deiseb.switches.models import CreditedNight, Pause

RECENT_NIGHTS = 14


def _form(switch: str, pause: Pause | None, data=None) -> SwitchForm:
    initial = {
        "paused": pause is not None,
        "message_en": pause.message_en if pause else "",
        "message_cy": pause.message_cy if pause else "",
    }
    return SwitchForm(data, switch=switch, initial=initial)


def _render_switches(request, bound: SwitchForm | None = None, status: int = 200):
    pauses = services.current_pauses()
    rows = [
        {
            "label": label,
            "pause": pauses.get(switch),
            "form": bound
            if bound and bound.switch == switch
            else _form(switch, pauses.get(switch)),
        }
        for switch, label in Pause.Switch.choices
    ]
    context = {"rows": rows, "nights": CreditedNight.objects.all()[:RECENT_NIGHTS]}
    return render(request, "switches/index.html", context, status=status)


@never_cache
@require_safe
@role_required(SYSADMINS)
def index(request):
    return _render_switches(request)


@never_cache
@require_POST
@role_required(SYSADMINS)
def change(request, switch):
    if switch not in Pause.Switch.values:
        raise Http404
    form = SwitchForm(request.POST, switch=switch)
    if not form.is_valid():
        return _render_switches(request, form, status=400)
    data = form.cleaned_data
    try:
        pause = services.change_switch(
            switch,
            paused=data["paused"],
            message_en=data["message_en"],
            message_cy=data["message_cy"],
            by=request.user,
        )
    except services.SwitchRefused as refused:
        messages.error(request, str(refused))
    else:
        if pause is not None:
            messages.success(
                request, _("Saved. Pages kept by caches may take a few minutes to show the change.")
            )
    return redirect("switches:index")
