"""The small pages a mailed link or a refused form answers with: a notice, or
one action taken by pressing a button (so a mail scanner that opens the link
changes nothing). Replies and stories both send such links."""

from django.shortcuts import render


def notice(request, title, message, back=None, status=200):
    """back: the (url, text) of the link under the message; else the front page."""
    context = {"title": title, "message": message, "back": back}
    return render(request, "notice.html", context, status=status)


def link_action(request, title, message, button, about="", csrf=True):
    """A token page's one action, taken only by pressing its button (a POST).
    about: one line naming what it concerns. csrf=False for the one-click
    unsubscribe that mail clients POST bare (RFC 8058)."""
    context = {
        "title": title,
        "message": message,
        "button": button,
        "about": about,
        "csrf": csrf,
    }
    return render(request, "notice_action.html", context)
