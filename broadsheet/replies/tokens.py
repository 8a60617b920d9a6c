"""Signed, expiring links sent by email: no table of tokens to keep or leak.

token = make_token("unsubscribe", subscription.pk)
read_token("unsubscribe", token)   # -> subscription.pk, or raises BadToken
"""

from django.core import signing

LIFETIMES = {
    "confirm": 7 * 24 * 3600,  # confirm a follow-up subscription
    "unsubscribe": None,  # an unsubscribe link keeps working
    "privacy": 24 * 3600,  # export or erase one's replies
    "confirm-follow": 7 * 24 * 3600,  # confirm following a story (broadsheet.stories)
    "stop-following": None,  # a story's unsubscribe link keeps working
}


class BadToken(Exception):
    """The link is forged, for another purpose, or expired."""


def make_token(purpose: str, value) -> str:
    return signing.dumps(value, salt=f"broadsheet.replies.{purpose}", compress=True)


def read_token(purpose: str, token: str):
    try:
        return signing.loads(
            token, salt=f"broadsheet.replies.{purpose}", max_age=LIFETIMES[purpose]
        )
    except signing.BadSignature:
        raise BadToken(purpose) from None
