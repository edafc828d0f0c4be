"""The app's own public URLs; a site mounts them, e.g. ``path("kundenforum/", include(...))``."""

from django.urls import path

from .feeds import StatusChangeFeed
from .following import views as following
from .tracker import views

app_name = "wagtail_kundenforum"

urlpatterns = [
    path("suggestions/<int:pk>/", views.suggestion_page, name="suggestion"),
    path("suggestions/handout/", views.suggestion_handout, name="suggestion_handout"),
    path("api/suggestions/", views.suggestion_api, name="suggestion_api"),
    path("feed/status-changes/", StatusChangeFeed(), name="status_change_feed"),
    path("follow/", following.follow, name="follow"),
    path("follow/confirm/<str:token>/", following.confirm, name="follow_confirm"),
    path("follow/manage/<str:token>/", following.manage, name="follow_manage"),
    path("follow/unsubscribe/<str:token>/", following.unsubscribe, name="follow_unsubscribe"),
]
