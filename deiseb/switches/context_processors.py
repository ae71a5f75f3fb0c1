from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from deiseb.switches.decorators import current_pauses
from deiseb.switches.models import Pause


def _standard(switch: str) -> str:
    if switch == Pause.Switch.SIGNING:
        return gettext(
            "Signing petitions is paused for now. Open petitions will stay open longer to make "
            "up for it."
        )
    return gettext("Starting new petitions is paused for now.")


def notices(request) -> list[list[tuple[str, str]]]:
    """For each pause, its message in both languages, the page's language first."""
    page_language = translation.get_language()
    languages = ("cy", "en") if page_language == "cy" else ("en", "cy")
    shown = []
    for switch in Pause.Switch.values:
        pause = current_pauses(request).get(switch)
        if pause is None:
            continue
        texts = []
        for language in languages:
            with translation.override(language):
                texts.append((language, getattr(pause, f"message_{language}") or _standard(switch)))
        shown.append(texts)
    return shown


def pauses(request) -> dict:
    """`site_notices` for base.html: one small query per page, only when a page shows it.

    Public pages are cached by the CDN (core.caching.public_page), which absorbs the crowd; an
    application cache here as well would make a page's query count depend on its warmth.
    """
    return {"site_notices": SimpleLazyObject(lambda: notices(request))}
