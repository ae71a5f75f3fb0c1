from django.urls import path

from deiseb.parliament import staff_views as views

app_name = "paper"
urlpatterns = [
    path("", views.new_paper_petition, name="new"),
]
