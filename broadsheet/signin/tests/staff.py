"""Staff accounts and the admin sign-in form, as the sign-in tests use them."""

from django.contrib.auth.models import Group, User

PASSWORD = "a-long-right-password"


def make_staff(username, role=None, **extra):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(client, username, password=PASSWORD, address="203.0.113.5", **data):
    """POST the admin login form as a browser at address would."""
    fields = {"username": username, "password": password, "next": "/admin/", **data}
    return client.post("/admin/login/", fields, REMOTE_ADDR=address)
