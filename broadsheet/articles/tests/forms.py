"""What the article change form posts, for tests that drive the admin."""


def form_data(section, **overrides):
    data = {
        "headline": "Tram line extended",
        "slug": "tram-line-extended",
        "dek": "",
        "body": "The line will reach the airport.",
        "status": "published",
        "published_at_0": "2025-03-17",
        "published_at_1": "09:00:00",
        "dateline_place": "",
        "section": section.pk,
        "byline": "Staff",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data
