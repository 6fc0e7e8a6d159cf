# Full-text search of the signal list on PostgreSQL, fast with a million signals (docs/performance.md).
#
# - search_vector: a stored generated column with the Dutch text-search vector of account, reference and own
#   reference (the text samen.signals.selectors searches). PostgreSQL keeps it current on every INSERT and UPDATE.
#   Stored rather than an expression index because the list is ordered by date: for a word in a few percent of the
#   signals, PostgreSQL walks the (organisation, received_at) index and tests each row, and recomputing
#   to_tsvector for every row it passes costs ~0.1-0.2 ms a row, some hundreds of ms a page; reading a stored
#   vector costs microseconds.
# - a GIN index on it, for rare words (PostgreSQL then collects the matches from the index and sorts them);
# - an index on UPPER(reference), which the search's "or exactly this reference" uses.
#
# PostgreSQL only: the embedded SQLite database of the demo searches by substring. The column is not a model
# field (Django never reads or writes it; selectors name it explicitly), so `makemigrations` sees nothing to do.
# A later migration that changes the type of account, reference or own_reference must drop and re-add the column.

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE signals_signal ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector(
            'dutch'::regconfig,
            COALESCE(account, '') || ' ' || COALESCE(reference, '') || ' ' || COALESCE(own_reference, '')
        )
    ) STORED
    """,
    "CREATE INDEX signal_search_gin ON signals_signal USING gin (search_vector)",
    "CREATE INDEX signal_reference_upper ON signals_signal (UPPER(reference))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS signal_reference_upper",
    "DROP INDEX IF EXISTS signal_search_gin",
    "ALTER TABLE signals_signal DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
