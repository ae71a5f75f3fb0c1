from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from deiseb.accounts import views as account_views
from deiseb.core import views as core_views
from deiseb.opendata import api_views as open_data_api
from deiseb.opendata import petition_views as petition_data
from deiseb.pages import views as page_views
from deiseb.signatures import views as signature_views

# Not Django's default 400 view, which re-reads the form it could not read to check CSRF.
handler400 = core_views.bad_request
handler500 = "deiseb.core.errors.server_error"

urlpatterns = [
    path("", core_views.root_redirect, name="root"),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside the language prefix: the path third-party tools already poll.
    path("petitions/<int:pk>/count.json", signature_views.count_json, name="count_json"),
    # petition.parliament.uk's JSON, in English; the language's own is under its prefix below.
    path("petitions.json", petition_data.petitions_list, name="petitions_json"),
    path("petitions.csv", petition_data.petitions_csv, name="petitions_csv"),
    path("petitions/<int:pk>.json", petition_data.petition, name="petition_json"),
    path(
        "petitions/<int:pk>/signatures.csv",
        petition_data.petition_signatures_csv,
        name="petition_signatures_csv",
    ),
    # Signatures by the hour confirmed, for the petition or by constituency or country (?by=).
    path(
        "petitions/<int:pk>/history.json",
        petition_data.petition_history,
        name="petition_history_json",
    ),
    path(
        "petitions/<int:pk>/history.csv",
        petition_data.petition_history_csv,
        name="petition_history_csv",
    ),
    path("data/", include("deiseb.opendata.urls")),
]

urlpatterns += i18n_patterns(
    path("", page_views.home, name="home"),
    path(_("petitions/"), include("deiseb.petitions.urls")),
    # The page's address with .json added: /en/petitions/1.json, /cy/deisebau/1.json.
    path(
        _("petitions/"),
        include(
            [path("<int:pk>.json", petition_data.petition_localised, name="petition_json_page")]
        ),
    ),
    # Atom feeds and the embeddable count, in the page's language (deiseb.opendata).
    path(_("petitions/"), include("deiseb.opendata.localised_urls")),
    path("", include("deiseb.signatures.urls")),  # /petitions/1/sign/, /signatures/…/confirm/
    path("", include("deiseb.notifications.urls")),
    path("", include("deiseb.parliament.urls")),
    path("", include("deiseb.pages.urls")),
    # The open data's addresses, listed from /data/openapi.json for a person to read.
    path(_("open-data/"), open_data_api.api_page, name="open_data"),
    path("staff/", include("deiseb.accounts.urls")),
    path("staff/moderation/", include("deiseb.moderation.urls")),
    path("staff/record/", include("deiseb.parliament.staff_urls")),
    path("staff/updates/", include("deiseb.notifications.staff_urls")),
    path("staff/audit/", include("deiseb.audit.urls")),
    path("staff/switches/", include("deiseb.switches.urls")),
    path("staff/rates/", include("deiseb.ratelimits.urls")),
    path("staff/paper/", include("deiseb.parliament.paper_urls")),
    path("staff/retention/", include("deiseb.retention.urls")),
    path("staff/integrity/", include("deiseb.integrity.urls")),
    # Ahead of the admin's own sign-in form, which would skip the second step.
    path("staff/admin/login/", account_views.admin_login),
    path("staff/admin/", admin.site.urls),
)

if settings.DEMO_OUTBOX:
    urlpatterns += i18n_patterns(path("demo/", include("deiseb.demo.urls")))
