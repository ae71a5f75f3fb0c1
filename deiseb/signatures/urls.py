from django.urls import path

import deiseb.core.converters  # noqa: F401  (registers <token:>)
from deiseb.signatures import views

app_name = "signatures"
urlpatterns = [
    path("<token:token>/confirm/", views.confirm, name="confirm"),
]
