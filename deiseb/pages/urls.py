from django.urls import path
from django.utils.translation import gettext_lazy as _

from deiseb.pages import views

app_name = "pages"
urlpatterns = [
    path(_("help/"), views.help_page, name="help"),
    path(_("standards/"), views.standards, name="standards"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("cookies/"), views.cookies, name="cookies"),
    path(_("about-our-data/"), views.about_our_data, name="data"),
]
