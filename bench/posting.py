"""Reply posting under load with wrk, every acknowledged reply looked up."""

import json
import re
import time
import urllib.parse
import urllib.request

from bench.common import HERE, shell, wrk


def post_replies(server, story, seconds):
    """Replies/s, p50, p99 and the acknowledged count, from wrk's 16 connections."""
    page = urllib.request.urlopen(server.url + story).read().decode()
    action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    out, _, p50, p99 = wrk(
        server.url + action,
        seconds,
        script=HERE / "post_replies.lua",
        script_args=[action, urllib.parse.urlencode(hidden), str(time.time_ns())],
    )
    ids = re.search(r"acknowledged ([\d?,]*)", out).group(1).strip(",").split(",")
    return len(ids) / seconds, p50, p99, ids


def posting_row(server, story, seconds):
    per_second, p50, p99, acknowledged = post_replies(server, story, seconds)
    row = (
        f"reply posting, 16 connections, {seconds} s",
        per_second,
        p50,
        p99,
        "replies/s",
    )
    return row, acknowledged


def check_stored(server, acknowledged, work):
    """A line saying whether every acknowledged reply is stored, and once only."""
    (work / "acknowledged.json").write_text(json.dumps(acknowledged))
    stored, found, distinct = json.loads(
        shell(
            server,
            "import json; from broadsheet.replies.models import Reply\n"
            f"ids = json.load(open({str(work / 'acknowledged.json')!r}))\n"
            "bench = Reply.objects.filter(text__startswith='Bench reply ')\n"
            "print(json.dumps([bench.count(), bench.filter(pk__in=[int(i) for i in"
            " ids if i.isdigit()]).count(), bench.values('text').distinct().count()]))",
        )
    )
    line = (
        f"replies acknowledged (302): {len(acknowledged)}, of them stored: {found}; "
        f"bench replies stored: {stored}, with distinct texts: {distinct} "
        "(a reply in flight when wrk stopped is stored but not acknowledged)"
    )
    if not len(set(acknowledged)) == len(acknowledged) == found or stored != distinct:
        line = "MISMATCH: " + line
    return line
