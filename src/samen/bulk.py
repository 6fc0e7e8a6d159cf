"""Writing many rows of one table at once, for imports, demo seeding and the audit events they write.

Plain tuples instead of model instances and Django's INSERTs, which cost nearly twice as much on PostgreSQL and
five times as much on SQLite (decision 0012): COPY on PostgreSQL, one executemany on SQLite, with primary keys
reserved beforehand so that rows can refer to each other (and a signal's reference can be made from its id).
"""

from django.db import connections


def reserve_ids(model, count: int, *, using: str = "default") -> list[int]:
    """Primary keys for `count` new rows of `model`, taken before inserting: a signal's reference is made from its
    id and written with the row, where signal_submit needs an UPDATE per signal. PostgreSQL hands out a block from
    the table's sequence (safe with concurrent writers); SQLite continues after the highest id ever used, under the
    write lock of the surrounding transaction (Samen opens SQLite transactions IMMEDIATE)."""
    if count == 0:
        return []
    table = model._meta.db_table
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"bulk writes support PostgreSQL and SQLite, not {connection.vendor}")
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - table name from model meta
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        first = max(highest, row[0] if row else 0) + 1
        return list(range(first, first + count))


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple], *, using: str = "default") -> None:
    """Plain tuples into `model`'s table: COPY on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    table = model._meta.db_table
    connection = connections[using]
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's COPY bypasses Django's cursor: its errors become Django's (DataError, ...) only here.
            with connection.wrap_database_errors, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', rows)  # noqa: S608
