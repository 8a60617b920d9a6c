from django.urls import path

from broadsheet.followups.views import calendar_feed

app_name = "followups"

urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="calendar"),
]
