"""Reader-facing reply endpoints: post, edit, delete, subscriptions and privacy."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from broadsheet.articles.models import Article
from broadsheet.notices import link_action, notice
from broadsheet.replies import abuse, moderation, notifications, privacy
from broadsheet.replies.addresses import normalise
from broadsheet.replies.authorship import (
    authored_ids,
    remember_authorship,
    remember_reader,
)
from broadsheet.replies.forms import EditReplyForm, PrivacyRequestForm, ReplyForm
from broadsheet.replies.models import (
    Discussion,
    DiscussionSettings,
    Reply,
    Subscription,
)
from broadsheet.replies.threads import PAGE_PARAMETER, attach_point, page_holding
from broadsheet.replies.tokens import BadToken, read_token


@csrf_exempt  # checked by abuse.is_cross_site instead: see there why
@require_POST
def post_reply(request, article_id):
    if abuse.is_cross_site(request):
        return _message(
            request,
            "Reply refused",
            "Replies can only be sent from this site's own pages.",
            status=403,
        )
    if _body_too_large(request):
        return _too_large(request)
    # The article with its discussion, in one query.
    article = _live_article(article_id, with_discussion=True)
    policy = DiscussionSettings.shown()  # as the page showing the form read it
    try:
        discussion = article.discussion
    except Discussion.DoesNotExist:
        discussion, _ = Discussion.objects.get_or_create(article=article)
    discussion.article = article  # already loaded: no second query
    if not discussion.is_open_for_replies(policy):
        return render(
            request,
            "replies/closed.html",
            {"article": article, "text": request.POST.get("comment", "")},
            status=403,
        )
    try:
        form = ReplyForm(request.POST, article=article)
        is_valid = form.is_valid()
    except RequestDataTooBig:
        return _too_large(request)
    if not is_valid:
        return article_page(request, article, form=form, status=400)
    data = form.cleaned_data
    ip = abuse.client_ip(request)
    if reason := abuse.refusal(ip, data["email"]):
        return article_page(request, article, form=form, notice=reason, status=429)

    reply = new_reply(request, article, data, policy, ip)
    if data["notify"]:
        subscribe(article, data["email"])
    response = redirect(f"{article.get_absolute_url()}#reply-{reply.pk}")
    remember_authorship(request, response, reply.pk)
    remember_reader(response, data, data["remember"])
    return response


def new_reply(request, article, data, policy, ip) -> Reply:
    parent = attach_point(data["parent"], policy.thread_depth)
    reply = Reply(
        article=article,
        parent=parent,
        name=data["name"],
        email=data["email"].strip(),
        website=data["website"],
        text=data["comment"],
        ip_address=ip,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    decision = moderation.decide(
        reply,
        policy,
        fill_time=abuse.fill_time(data["started"], article),
        honeypot_filled=bool(data["homepage"]),
        authored=authored_ids(request),
    )
    return moderation.post(reply, decision)


@require_safe
def form_shown(request, article_id):
    """A fresh fill-time token, fetched by the page's script when it shows the
    form: the page itself is cached and shared, so its own token is old."""
    response = JsonResponse({"started": abuse.shown_token(_live_article(article_id))})
    response["Cache-Control"] = "no-store"
    return response


def subscribe(article, email):
    subscription, created = Subscription.objects.get_or_create(
        article=article, email=normalise(email)
    )
    if created or not subscription.confirmed_at:
        transaction.on_commit(lambda: notifications.ask_to_confirm(subscription))


@require_safe
def reply_permalink(request, pk):
    """Redirect to the page of its article's replies that shows this reply."""
    own = authored_ids(request)
    reply = get_object_or_404(
        Reply.objects.seen_by(own).select_related("article"), pk=pk
    )
    if not reply.article.is_live():
        raise Http404("No such reply.")
    number = page_holding(reply, own)
    query = f"?{PAGE_PARAMETER}={number}" if number > 1 else ""
    return redirect(f"{reply.article.get_absolute_url()}{query}#reply-{pk}")


@require_http_methods(["GET", "POST"])
def edit_reply(request, pk):
    reply = _own_reply(request, pk)
    if not reply.is_editable_by_author():
        return _message(
            request,
            "Too late to edit",
            f"Replies can be edited for {settings.REPLIES_EDIT_MINUTES} "
            "minutes after posting.",
            reply.article,
            status=403,
        )
    form = EditReplyForm(request.POST or None, initial={"comment": reply.text})
    if request.method == "POST" and form.is_valid():
        from_status = reply.status
        reply.text, reply.edited_at = form.cleaned_data["comment"], timezone.now()
        decision = moderation.decide(
            reply,
            DiscussionSettings.current(),
            is_edit=True,
            authored=authored_ids(request),
        )
        if decision.status != Reply.Status.APPROVED:
            reply.status, reply.held_because = decision.status, decision.reason
        reply.save()
        moderation.record_edit(reply, moderation.Action.AUTHOR_EDIT, from_status)
        return redirect(reply.get_absolute_url())
    status = 400 if form.is_bound else 200
    form_html = _page_form(
        request,
        form,
        submit="Save changes",
        cancel_url=reply.get_absolute_url(),
        subject=" with your reply",
    )
    context = {"reply": reply, "form": form, "form_html": form_html}
    return render(request, "replies/edit.html", context, status=status)


@require_POST
def delete_reply(request, pk):
    reply = _own_reply(request, pk)
    article = reply.article
    if not reply.is_editable_by_author():
        return _message(
            request,
            "Too late to delete",
            "Ask the newsroom to remove it: use the privacy page.",
            article,
            status=403,
        )
    from_status = reply.status
    privacy.remove(reply)
    if reply.pk:
        moderation.record_edit(reply, moderation.Action.AUTHOR_DELETE, from_status)
    return redirect(f"{article.get_absolute_url()}#replies")


# The links in the mails only show a page: mail gateways that scan links
# open them with GET or HEAD, and must not confirm or stop anything; the
# button on the page does. A token page is one reader's: never_cache marks it
# `private, no-store`, so neither the page cache nor a CDN keeps it.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_subscription(request, token):
    subscription = _subscription_from(token, "confirm")
    if request.method == "POST" and not subscription.confirmed_at:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    if subscription.confirmed_at:
        return _message(
            request,
            "Subscription confirmed",
            "We will email you when there are new replies.",
            subscription.article,
        )
    return _link_action(
        request,
        "Confirm your subscription",
        "Press the button to be emailed new replies to this article.",
        "Confirm",
        subscription.article,
    )


# Mail clients send the one-click unsubscribe as a bare POST (RFC 8058); the
# signed token in the URL is the proof, so there is no CSRF token to check.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        pk = read_token("unsubscribe", token)
    except BadToken:
        raise Http404("This link is not valid.") from None
    subscription = Subscription.objects.filter(pk=pk).select_related("article").first()
    if subscription and request.method != "POST":
        return _link_action(
            request,
            "Stop the emails about replies?",
            "Press the button and you will get no more emails about replies "
            "to this article.",
            "Unsubscribe",
            subscription.article,
            csrf=False,
        )
    article = subscription.article if subscription else None
    if subscription:
        subscription.delete()
    return _message(
        request,
        "Unsubscribed",
        "You will get no more emails about replies to this article.",
        article,
    )


def _link_action(request, title, message, button, article, csrf=True):
    about = f"Replies to “{article.headline}”."
    return link_action(request, title, message, button, about, csrf)


@require_http_methods(["GET", "POST"])
def privacy_request(request):
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = abuse.client_ip(request)
        if reason := privacy.refusal(ip):
            return _message(request, "Please wait", reason, status=429)
        asked = privacy.record_request(form.cleaned_data["email"], ip)
        if asked is not None:
            transaction.on_commit(lambda: privacy.send_privacy_link.enqueue(asked.pk))
        # The same answer either way: the page must not reveal who has replied.
        return _message(
            request,
            "Check your email",
            "If there are replies from that address, we have sent it a link "
            "to download or erase them. The link works for 24 hours.",
        )
    status = 400 if form.is_bound else 200
    form_html = _page_form(request, form, submit="Email me a link")
    return render(
        request,
        "replies/privacy_request.html",
        {"form": form, "form_html": form_html},
        status=status,
    )


def privacy_manage(request, token):
    email = _email_from(token)
    replies = privacy.replies_of(email)
    return render(
        request,
        "replies/privacy_manage.html",
        {"token": token, "count": replies.count(), "email": email},
    )


def privacy_export(request, token):
    response = JsonResponse(
        privacy.export(_email_from(token)),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="my-replies.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def privacy_erase(request, token):
    count = privacy.erase(_email_from(token))
    return _message(
        request,
        "Your replies are erased",
        f"{count} repl{'y' if count == 1 else 'ies'} erased.",
    )


def article_page(request, article, *, form=None, notice="", status=200):
    """The article page with the reply form as the reader left it."""
    article = Article.objects.for_page().get(pk=article.pk)
    context = {
        "article": article,
        "current_section": article.section,
        "reply_form": form,
        "reply_notice": notice,
    }
    return render(request, "articles/article_detail.html", context, status=status)


def _page_form(request, form, *, submit, cancel_url=None, subject=""):
    """A form on a page of its own, drawn by the same Jinja2 macros as the
    reply form under an article (replies/jinja2/replies/form_parts.html)."""
    context = {
        "form": form,
        "submit": submit,
        "cancel_url": cancel_url,
        "subject": subject,
    }
    html = render_to_string("replies/page_form.html", context, request, using="jinja2")
    return mark_safe(html)  # Jinja2 escaped what the reader typed


def _live_article(article_id, with_discussion=False):
    # Not its text: a reply's pages show the article's headline and address.
    articles = Article.objects.published().defer("body", "body_html")
    if with_discussion:
        articles = articles.select_related("discussion")
    article = articles.filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    return article


def _own_reply(request, pk):
    if pk not in authored_ids(request):
        raise Http404("No such reply of yours.")
    return get_object_or_404(Reply.objects.select_related("article"), pk=pk)


def _subscription_from(token, purpose):
    try:
        pk = read_token(purpose, token)
    except BadToken:
        raise Http404("This link is not valid or has expired.") from None
    return get_object_or_404(Subscription.objects.select_related("article"), pk=pk)


def _email_from(token):
    try:
        email = privacy.address_of(token)
    except BadToken:
        email = None
    if email is None:
        raise Http404("This link is not valid or has expired.")
    return email


def _body_too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.REPLIES_MAX_REQUEST_BYTES


def _too_large(request):
    return _message(
        request,
        "Your reply is too large to send",
        "A reply can be up to 10,000 characters. Please shorten it.",
        status=413,
    )


def _message(request, title, message, back=None, status=200):
    link = (back.get_absolute_url(), f"Back to “{back.headline}”") if back else None
    return notice(request, title, message, link, status)
