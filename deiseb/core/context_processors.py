from django.conf import settings
from django.utils.translation import get_language


def site(request):
    return {
        "parliament_name": (
            settings.PARLIAMENT_NAME_CY if get_language() == "cy" else settings.PARLIAMENT_NAME_EN
        ),
        "demo_outbox": settings.DEMO_OUTBOX,
    }
