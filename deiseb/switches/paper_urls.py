from django.urls import path

from deiseb.switches import views

app_name = "paper"
urlpatterns = [
    path("", views.new_paper_petition, name="new"),
]
