"""Demo replies: a few short conversations under the demo stories."""

from datetime import timedelta

from broadsheet.articles.models import Article
from broadsheet.replies.models import Reply

# demo article file -> [(key, parent key, name, website, text, minutes after it)]
CONVERSATIONS = {
    "harbour-bridge.md": [
        (
            "a",
            None,
            "Jonas Berg",
            "",
            "I cycle over that bridge every day. Glad the bike lane stays open, but "
            "eleven weeks of ferry queues for everyone else will be rough.",
            40,
        ),
        (
            "b",
            "a",
            "Leila Haddad",
            "https://example.org/leila",
            "The ferry every twelve minutes is better than the bus was before the "
            "lorry limit. I’ll take it.",
            65,
        ),
        (
            "c",
            "b",
            "Jonas Berg",
            "",
            "Fair point. Let’s see how the first Monday goes.",
            80,
        ),
        (
            "d",
            None,
            "Quay Street Traders",
            "",
            "We asked for a loading bay at the fish market end.\n\nThe council "
            "has not answered yet.",
            95,
        ),
    ],
    "water-rates.md": [
        (
            "a",
            None,
            "Marta Novak",
            "",
            "Four percent is still four percent. Publishing the burst-main figures "
            "monthly is the useful part.",
            30,
        ),
        (
            "b",
            "a",
            "Piet de Vries",
            "",
            "Agreed. Last winter our street had three bursts in a month.",
            55,
        ),
    ],
    "river-festival.md": [
        (
            "a",
            None,
            "Sam O’Connor",
            "",
            "Silent films with live music on the water? Booked already.",
            20,
        ),
    ],
}


def add_demo_replies() -> int:
    """Add the demo conversations to demo stories that have none; return how many."""
    created = 0
    for filename, replies in CONVERSATIONS.items():
        article = Article.objects.filter(import_ref=f"demo:{filename}").first()
        if article is None or article.replies.exists():
            continue
        saved = {}
        for key, parent_key, name, website, text, minutes in replies:
            parent = saved.get(parent_key)
            saved[key] = Reply.objects.create(
                article=article,
                parent=parent,
                name=name,
                website=website,
                text=text,
                email=f"{key}.{filename.split('.')[0]}@readers.invalid",
                status=Reply.Status.APPROVED,
                created_at=article.published_at + timedelta(minutes=minutes),
            )
            created += 1
    return created
