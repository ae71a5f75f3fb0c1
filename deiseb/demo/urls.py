from django.urls import path

from deiseb.demo import views

app_name = "demo"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/", views.outbox_email, name="outbox_email"),
]
