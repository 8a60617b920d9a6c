"""The public side of stories: the index, a story's timeline, and following it."""

from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from broadsheet.articles.models import Article
from broadsheet.notices import link_action, notice
from broadsheet.replies import abuse
from broadsheet.replies.tokens import BadToken
from broadsheet.stories import following
from broadsheet.stories.forms import FollowForm
from broadsheet.stories.models import Follower, Story
from broadsheet.stories.timelines import ORDER_PARAMETER, reads_newest_first, timeline
from broadsheet.surrogate import STORIES, depend_on, story_key


@require_safe
def story_index(request):
    depend_on(request, STORIES)
    # Article.objects.published() is the one rule of what readers may see.
    published = Q(pieces__article__in=Article.objects.published())
    stories = (
        Story.objects.annotate(
            latest_at=Max("pieces__article__published_at", filter=published)
        )
        .filter(latest_at__isnull=False)
        .order_by("-latest_at", "name")
    )
    return render(request, "stories/story_list.html", {"stories": stories})


@require_safe
def story_detail(request, slug):
    story = get_object_or_404(Story.objects.select_related("image"), slug=slug)
    newest_first = reads_newest_first(story, request.GET.get(ORDER_PARAMETER))
    pieces = timeline(story, newest_first)
    if not pieces:
        raise Http404("Nothing in this story is published yet.")
    depend_on(request, story_key(story.pk))
    context = {
        "story": story,
        "pieces": pieces,
        "newest_first": newest_first,
        "form": FollowForm(),
    }
    return render(request, "stories/story_detail.html", context)


# The form is on the story page, which is cached and shared, so it carries no
# CSRF token: as the reply form, a cross-site POST is refused by what the
# browser says of its origin (abuse.is_cross_site).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_story(request, slug):
    story = get_object_or_404(Story.objects.public(), slug=slug)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if abuse.is_cross_site(request):
            return _message(
                request,
                "Request refused",
                "Stories can only be followed from this site's own pages.",
                story,
                status=403,
            )
        if form.is_valid():
            return _follow(request, story, form.cleaned_data["email"])
    status = 400 if form.is_bound else 200
    return render(
        request, "stories/follow.html", {"story": story, "form": form}, status=status
    )


def _follow(request, story, email):
    ip = abuse.client_ip(request)
    if reason := following.refusal(ip):
        return _message(request, "Please wait", reason, story, status=429)
    follower = following.follow(story, email, ip)
    if follower is not None:
        transaction.on_commit(lambda: following.ask_to_confirm(follower))
    # The same answer either way: the page must not tell who follows what.
    return _message(
        request,
        "Check your email",
        "Unless that address follows this story already, we have sent it a link "
        "to confirm. Nothing will be sent until you do.",
        story,
    )


# The links in the mails only show a page: mail gateways that scan links
# open them with GET or HEAD, and must not confirm or stop anything; the
# button on the page does. A token page is one reader's: never_cache marks it
# `private, no-store`, so neither the page cache nor a CDN keeps it.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_following(request, token):
    try:
        follower = following.confirmation_for(token)
        if request.method == "POST":
            following.confirm(follower)
    except (BadToken, Follower.DoesNotExist):
        raise Http404("This link is not valid or has expired.") from None
    if follower.confirmed_at:
        return _message(
            request,
            "You are following this story",
            "We will email you when something new is published in it.",
            follower.story,
        )
    return _button(
        request,
        "Confirm following this story",
        "Press the button to have each new piece of this story emailed to you.",
        "Confirm",
        follower.story,
    )


# Mail clients send the one-click unsubscribe as a bare POST (RFC 8058); the
# signed token in the URL is the proof, so there is no CSRF token to check.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unfollow_story(request, token):
    try:
        if request.method == "POST":
            story, stopped = following.unfollow(token), True
        else:
            follower = following.follower_to_stop(token)
            story, stopped = (follower.story if follower else None), follower is None
    except BadToken:
        raise Http404("This link is not valid.") from None
    if stopped:
        return _message(
            request,
            "Unsubscribed",
            "You will get no more emails about this story.",
            story,
        )
    return _button(
        request,
        "Stop following this story?",
        "Press the button and you will get no more emails about this story.",
        "Unsubscribe",
        story,
        csrf=False,
    )


def _button(request, title, message, button, story, csrf=True):
    about = f"The story “{story.name}”."
    return link_action(request, title, message, button, about, csrf)


def _message(request, title, message, story=None, status=200):
    back = f"Back to the story “{story.name}”" if story else ""
    link = (story.get_absolute_url(), back) if story else None
    return notice(request, title, message, link, status)
