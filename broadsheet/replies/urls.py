from django.urls import path

from broadsheet.replies import views

app_name = "replies"
urlpatterns = [
    path("post/<int:article_id>/", views.post_reply, name="post"),
    path("shown/<int:article_id>/", views.form_shown, name="form_shown"),
    path("<int:pk>/", views.reply_permalink, name="permalink"),
    path("<int:pk>/edit/", views.edit_reply, name="edit"),
    path("<int:pk>/delete/", views.delete_reply, name="delete"),
    path(
        "subscriptions/confirm/<str:token>/",
        views.confirm_subscription,
        name="confirm_subscription",
    ),
    path("subscriptions/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("privacy/", views.privacy_request, name="privacy"),
    path("privacy/<str:token>/", views.privacy_manage, name="privacy_manage"),
    path(
        "privacy/<str:token>/export.json", views.privacy_export, name="privacy_export"
    ),
    path("privacy/<str:token>/erase/", views.privacy_erase, name="privacy_erase"),
]
