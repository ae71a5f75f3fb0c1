from django.urls import path

from deiseb.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/hold/", views.legal_hold, name="legal_hold"),
]
