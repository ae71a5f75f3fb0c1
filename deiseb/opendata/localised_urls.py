"""Feeds and the embeddable count, under the language prefix: each speaks its page's language.

Mounted under the translated "petitions/" (/en/petitions/feeds/new.atom,
/cy/deisebau/ffrydiau/newydd.atom), beside the petition pages they follow.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from deiseb.core.caching import public_page
from deiseb.opendata import embed, feeds


def feed_view(feed):
    """A feed read like any public page: GET or HEAD only, briefly cacheable."""
    return require_safe(public_page(feed))


app_name = "syndication"
urlpatterns = [
    path(
        _("feeds/"),
        include(
            [
                path(_("new.atom"), feed_view(feeds.NewPetitionsFeed()), name="new_feed"),
                path(
                    _("responses.atom"),
                    feed_view(feeds.ResponsesFeed()),
                    name="responses_feed",
                ),
                path(_("debates.atom"), feed_view(feeds.DebatesFeed()), name="debates_feed"),
                path(
                    _("constituencies/<str:code>.atom"),
                    feed_view(feeds.ConstituencyFeed()),
                    name="constituency_feed",
                ),
            ]
        ),
    ),
    path(_("<int:pk>/embed/"), embed.petition_embed, name="embed"),
]
