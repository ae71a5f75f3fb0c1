from django.urls import path

from deiseb.notifications import views

app_name = "updates"
urlpatterns = [
    path("debates/<int:pk>/", views.debate, name="debate"),
    path("debates/<int:pk>/send/<slug:kind>/", views.send, name="send"),
    path("petitions/<int:pk>/", views.petition, name="petition"),
    path("petitions/<int:pk>/response/", views.response, name="response"),
    path("petitions/<int:pk>/message/", views.message, name="message"),
]
