"""Threads of any shape: every comment comes in, at a depth its parent agrees
with; a parent that is missing, or a loop of parents, starts at the top and is
reported. Parents may come later in the file, or from an earlier import."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.articles.models import Article
from broadsheet.migration.models import ImportedItem
from broadsheet.migration.tests.conftest import DATA, import_wordpress
from broadsheet.replies.models import Reply

COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author>c{id}</wp:comment_author>
<wp:comment_date_gmt>2012-06-01 10:{minute:02}:00</wp:comment_date_gmt>
<wp:comment_content>Reply {id}.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


@st.composite
def threads(draw):
    """Comment IDs in file order and each one's parent: none, another comment
    (before or after it, itself, in a loop) or one not in the export."""
    count = draw(st.integers(1, 12))
    ids = draw(st.permutations(range(1, count + 1)))
    parents = {
        wp_id: draw(st.sampled_from([0, 0, 99, *range(1, count + 1)])) for wp_id in ids
    }
    first = draw(st.integers(0, count))  # how many came in an earlier export
    return ids, parents, first


def export(tmp_path, ids, parents):
    comments = "\n".join(
        COMMENT.format(id=wp_id, minute=n, parent=parents[wp_id])
        for n, wp_id in enumerate(ids)
    )
    text = (DATA / "wxr-1.0.xml").read_text(encoding="utf-8")
    path = tmp_path / f"threads-{len(ids)}.xml"
    path.write_text(text.replace("\t</item>", comments + "\n\t</item>"), "utf-8")
    return path


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(thread=threads())
def test_every_comment_comes_in_with_a_consistent_thread(
    db, settings, tmp_path, thread
):
    settings.DATA_DIR = tmp_path
    for model in (Article, ImportedItem):  # each example starts afresh
        model.objects.all().delete()
    ids, parents, first = thread
    if first:  # an earlier export held the first comments
        earlier = ids[:first]
        import_wordpress(export(tmp_path, earlier, parents))
    report = import_wordpress(export(tmp_path, ids, parents))
    replies = {int(r.name[1:]): r for r in Reply.objects.select_related("parent")}
    assert sorted(replies) == sorted(ids)
    for wp_id, reply in replies.items():
        if reply.parent is None:
            assert reply.depth == 0
            if parents[wp_id]:
                assert f"comment {wp_id} on post 11" in report or first
        else:
            assert reply.parent.name == f"c{parents[wp_id]}"
            assert reply.depth == reply.parent.depth + 1
