"""Turn an article's replies into a nested thread, oldest first at every level."""

from dataclasses import dataclass, field

from broadsheet.replies.models import Reply


@dataclass
class Node:
    reply: Reply
    is_own: bool = False
    children: list["Node"] = field(default_factory=list)


def build_thread(replies, own_ids=frozenset()) -> list[Node]:
    """Nest replies under their parents; one whose parent is hidden goes on top."""
    nodes = {reply.pk: Node(reply, reply.pk in own_ids) for reply in replies}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.reply.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def attach_point(parent: Reply | None, max_depth: int) -> Reply | None:
    """The reply a new answer to `parent` hangs from, so nesting stops at max_depth.

    Depth counts from 0 for a top-level reply; an answer to a reply already at the
    deepest allowed level becomes its sibling instead.
    """
    if parent is None or max_depth <= 1:
        return None
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent
