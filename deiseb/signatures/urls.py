from django.urls import path

from deiseb.signatures import views

app_name = "signatures"
urlpatterns = [
    path("<str:token>/confirm/", views.confirm, name="confirm"),
]
