"""django.contrib.admin, installed with the newsroom's site (accounts/site.py)."""

from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "broadsheet.accounts.site.NewsroomAdminSite"
