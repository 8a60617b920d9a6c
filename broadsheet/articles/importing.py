"""Import plain-text articles (see textformat.py) into the newsroom.

    result = import_text_file(Path("story.txt"), section_name="World", publish=True)
    result.outcome   # "created", "updated" or "skipped"

Each file is imported inside one transaction: a file that fails leaves nothing
behind. Re-importing a file updates the article it created, found through
`Article.import_ref` ("text:" and the file's name), instead of adding another.
"""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.articles.models import Article, Author, Byline, Section
from broadsheet.articles.signals import discussion_requested
from broadsheet.articles.textformat import TextFormatError, parse_article_text

DEFAULT_SECTION = "News"
COMPARED_FIELDS = (
    "headline",
    "body",
    "published_at",
    "dateline_place",
    "status",
    "section_id",
    "byline",
)


class ImportTextError(Exception):
    """A file could not be imported; str() names the file, the line and the reason."""

    def __init__(self, path: Path, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class ImportResult:
    article: Article
    outcome: str


def read_text_file(path: Path) -> str:
    """Return the file's text, or raise ImportTextError if it is not UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportTextError(path, f"cannot be read: {error.strerror}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportTextError(path, "is a binary file, not text", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportTextError(
            path, f"is not UTF-8 text (byte 0x{data[error.start]:02x})", line
        ) from None


def import_text_file(
    path: Path,
    *,
    headline: str | None = None,
    section_name: str | None = None,
    author_name: str | None = None,
    publish: bool = False,
    replies: str | None = None,
    user=None,
) -> ImportResult:
    """Create or update the article in the file and say which happened.

    replies: "open", "closed" or "site" sets the article's discussion (sent as
    the discussion_requested signal); None leaves it as it is.
    """
    try:
        parsed = parse_article_text(read_text_file(path))
    except TextFormatError as error:
        raise ImportTextError(path, error.reason, error.line) from None

    with transaction.atomic():
        ref = f"text:{path.name}"
        article = Article.objects.filter(import_ref=ref).first()
        created = article is None
        if created:
            article = Article(import_ref=ref, created_by=user)
        before = {name: getattr(article, name) for name in COMPARED_FIELDS}

        article.headline = (headline or parsed.headline).strip()
        article.body = parsed.body_markdown
        article.published_at = parsed.dateline.at
        article.dateline_place = parsed.dateline.place
        if section_name or created:
            article.section = _section_named(section_name or DEFAULT_SECTION)
        if publish:
            future = parsed.dateline.at > timezone.now()
            article.status = (
                Article.Status.SCHEDULED if future else Article.Status.PUBLISHED
            )
        if created:
            article.slug = unique_slug(article.headline)
        try:
            article.full_clean()
        except ValidationError as error:
            raise ImportTextError(path, _describe(error)) from None

        changed = created or before != {n: getattr(article, n) for n in COMPARED_FIELDS}
        if changed:
            article.save()
        if author_name:
            changed |= _credit(article, author_name.strip())
        if replies is not None:
            discussion_requested.send(sender=Article, article=article, state=replies)
    outcome = "created" if created else "updated" if changed else "skipped"
    return ImportResult(article, outcome)


def unique_slug(text: str, model=Article, max_length: int = 80) -> str:
    """Return a slug for the text that no row of the model uses yet."""
    base = slugify(text)[:max_length].strip("-") or "article"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base[: max_length - 4]}-{n}", n + 1
    return slug


def _section_named(name: str) -> Section:
    name = name.strip()
    section = Section.objects.filter(name__iexact=name).first()
    return section or Section.objects.create(name=name, slug=unique_slug(name, Section))


def _credit(article: Article, name: str) -> bool:
    """Put the named author on the article's byline; return whether that changed it."""
    author = Author.objects.filter(name__iexact=name).first()
    if author is None:
        author = Author.objects.create(name=name, slug=unique_slug(name, Author))
    _, created = Byline.objects.get_or_create(
        article=article, author=author, defaults={"position": article.bylines.count()}
    )
    return created


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )
