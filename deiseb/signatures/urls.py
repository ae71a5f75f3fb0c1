"""Signing, and petitions by where their signers live, under /petitions/; confirming apart.

Mounted at the root, so signatures need not be imported by the petitions app's URLs.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

import deiseb.core.converters  # noqa: F401  (registers <token:>)
from deiseb.signatures import views

app_name = "signatures"
urlpatterns = [
    path(
        _("petitions/"),
        include(
            [
                path(_("in-your-area/"), views.local_petitions, name="local"),
                path(
                    _("in-your-area/<str:code>/"),
                    views.constituency_petitions,
                    name="constituency",
                ),
                path(_("<int:pk>/sign/"), views.sign, name="sign"),
                path(_("<int:pk>/sign/check-your-email/"), views.sign_sent, name="sign_sent"),
                path(_("<int:pk>/sign/thank-you/"), views.signed, name="signed"),
                path(_("<int:pk>/support/<token:token>/"), views.support, name="support"),
                # In the page's language, as its og:image: /en/petitions/1/share.png.
                path("<int:pk>/share.png", views.share_image, name="share_image"),
            ]
        ),
    ),
    path(
        _("signatures/"),
        include([path(_("<token:token>/confirm/"), views.confirm, name="confirm")]),
    ),
]
