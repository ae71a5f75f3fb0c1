from django.urls import path

from deiseb.switches import views

app_name = "switches"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:switch>/", views.change, name="change"),
]
