from django.urls import path
from django.utils.translation import gettext_lazy as _

from deiseb.notifications import views

app_name = "notifications"
urlpatterns = [
    path(_("unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
