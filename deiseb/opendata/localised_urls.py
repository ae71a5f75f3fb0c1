"""Feeds and the embeddable count, under the language prefix: each speaks its page's language.

Mounted under the translated "petitions/" (/en/petitions/feeds/new.atom,
/cy/deisebau/ffrydiau/newydd.atom), beside the petition pages they follow.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from deiseb.core.caching import public_page
from deiseb.opendata import embed, feeds

app_name = "syndication"
urlpatterns = [
    path(
        _("feeds/"),
        include(
            [
                path(_("new.atom"), public_page(feeds.NewPetitionsFeed()), name="new_feed"),
                path(
                    _("responses.atom"),
                    public_page(feeds.ResponsesFeed()),
                    name="responses_feed",
                ),
                path(_("debates.atom"), public_page(feeds.DebatesFeed()), name="debates_feed"),
                path(
                    _("constituencies/<str:code>.atom"),
                    public_page(feeds.ConstituencyFeed()),
                    name="constituency_feed",
                ),
            ]
        ),
    ),
    path(_("<int:pk>/embed/"), embed.petition_embed, name="embed"),
]
