from django.urls import path
from django.utils.translation import gettext_lazy as _

from deiseb.notifications import views

app_name = "notifications"
urlpatterns = [
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(_("your-signatures/"), views.ask_for_signatures, name="ask_for_signatures"),
    path(_("your-signatures/check-your-email/"), views.signatures_sent, name="signatures_sent"),
    path(_("your-signatures/<str:token>/"), views.signatures, name="signatures"),
    path(_("your-signatures/<str:token>/stop-emails/"), views.stop_emails, name="stop_emails"),
    path(
        _("your-signatures/<str:token>/withdraw/<int:signature>/"),
        views.withdraw,
        name="withdraw",
    ),
]
