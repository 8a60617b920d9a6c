from django.urls import path

from broadsheet.signin import views

app_name = "signin"
urlpatterns = [
    path("", views.two_factor, name="two_factor"),
]
