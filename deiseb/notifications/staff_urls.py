from django.urls import path

from deiseb.notifications import views

app_name = "updates"
urlpatterns = [
    path("debates/<int:pk>/", views.debate, name="debate"),
    path("debates/<int:pk>/send/<slug:kind>/", views.send, name="send"),
]
