from django.urls import path
from django.utils.translation import gettext_lazy as _

import deiseb.core.converters  # noqa: F401  (registers <token:>)
from deiseb.signatures import views

app_name = "signatures"
urlpatterns = [
    path(_("<token:token>/confirm/"), views.confirm, name="confirm"),
]
