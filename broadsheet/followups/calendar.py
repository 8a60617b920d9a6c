"""The newsroom's calendar of accepted follow-ups, as iCalendar (RFC 5545).

    calendar_of(FollowUp.objects.accepted(), site_url="https://news.example")

Each follow-up is an all-day event (DTSTART and DTEND as dates, DTEND the day
after its last day), its UID stable across edits, with the article's address
and the sentence that promised it.
"""

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar, Event


def calendar_of(follow_ups, *, site_url: str) -> bytes:
    """The follow-ups as one VCALENDAR, in bytes."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Broadsheet//Follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Follow-ups")
    for follow_up in follow_ups:
        article = follow_up.article
        path = article.public_path() or reverse(
            "admin:articles_article_change", args=[article.pk]
        )
        link = site_url.rstrip("/") + path
        description = f"{follow_up.sentence}\n\n{link}"
        if follow_up.assignee:
            description += f"\n\nAssigned to {follow_up.assignee.get_username()}"
        event = Event()
        event.add("uid", f"follow-up-{follow_up.pk}@{host}")
        event.add("dtstamp", follow_up.updated_at)
        event.add("dtstart", follow_up.due_on)
        event.add("dtend", follow_up.due_until + timedelta(days=1))
        event.add("summary", f"Follow up: {article.headline}")
        event.add("description", description)
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
