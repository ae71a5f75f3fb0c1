from django.urls import path

from deiseb.ratelimits import views

app_name = "ratelimits"
urlpatterns = [
    path("", views.index, name="index"),
    path("rates/", views.set_rates, name="set_rates"),
    path("lists/", views.add_rule, name="add_rule"),
    path("lists/<int:pk>/remove/", views.remove_rule, name="remove_rule"),
]
