"""PostgreSQL's trigram extension for the tracker's search (``tracker/search.py``), where
the database allows it.

``pg_trgm`` ranks suggestions by how similar the reader's words are to their titles. A
database role that may not create the extension (it needs CREATE on the database, or a
superuser where the extension is not trusted) leaves it out: the search works without
trigram similarity, and the migration still applies. Nothing happens on other databases.
Unapplying keeps the extension: other apps of the site may use it.
"""

from django.db import DatabaseError, migrations, transaction


def create_trigram_extension(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # A savepoint: a refused CREATE must not abort the migration's transaction.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        pass


class Migration(migrations.Migration):
    dependencies = [("wagtail_kundenforum", "0011_site_settings_signature_tracker_page")]

    operations = [migrations.RunPython(create_trigram_extension, migrations.RunPython.noop)]
