"""Many rows of one model in one `executemany`, for the import's big tables.

    replies = Inserter(Reply, ["id", "article", "parent", "name", ...])
    ids = reserve_ids(Reply, len(rows))
    replies.insert(rows)  # tuples in the order of the fields named

`bulk_create` spends most of its time building instances and compiling each
value (for 200,000 replies, more than the insert itself). Here the SQL is
written once; each row's values are passed as they are, adapted only where a
field needs it (dates, addresses); every field not named gets its default, so
a field added to the model later is filled as `bulk_create` would fill it.
Like `bulk_create`, this sends no signals and skips `save()`.

Primary keys are reserved up front (`reserve_ids`), so a thread's replies can
name their parents in the same batch: foreign keys are checked at commit.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import NOT_PROVIDED

# Values of these field types go to the database as Python gives them.
_AS_IS = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField",
    "ForeignKey", "IntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField", "TextField",
}  # fmt: skip


class Inserter:
    def __init__(self, model, names: list[str]):
        meta = model._meta
        named = [meta.get_field(name) for name in names]
        # The fields not named, but for those the database fills itself.
        rest = [
            field
            for field in meta.concrete_fields
            if field not in named
            and not field.primary_key
            and not field.generated
            and field.db_default is NOT_PROVIDED
        ]
        self.adapters = [_adapter(field) for field in named]
        # A default computed for each row (timezone.now, uuid4), or once.
        self.defaults = [f for f in rest if f.has_default() and callable(f.default)]
        constant = [field for field in rest if field not in self.defaults]
        self.constants = [
            field.get_db_prep_save(field.get_default(), connection)
            for field in constant
        ]
        columns = [field.column for field in named + self.defaults + constant]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(meta.db_table),
            ", ".join(connection.ops.quote_name(column) for column in columns),
            ", ".join(["%s"] * len(columns)),
        )

    def insert(self, rows) -> None:
        adapters, defaults, constants = self.adapters, self.defaults, self.constants
        prepared = []
        for row in rows:
            values = [
                value if adapt is None else adapt(value)
                for adapt, value in zip(adapters, row, strict=True)
            ]
            values += [
                field.get_db_prep_save(field.get_default(), connection)
                for field in defaults
            ]
            prepared.append((*values, *constants))
        if prepared:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, prepared)


def _adapter(field):
    """What turns a value of the field into a database value, or None."""
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "GenericIPAddressField":  # already checked and normalised
        return connection.ops.adapt_ipaddressfield_value
    return lambda value: field.get_db_prep_save(value, connection)


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys no other row has or will be given."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the import holds the write lock from its first statement
        # (BEGIN IMMEDIATE), so nobody else inserts until it commits. The
        # sqlite_sequence row keeps AUTOINCREMENT's promise: the ids of
        # deleted rows are never given again.
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quoted(column)}) FROM {quoted(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))
