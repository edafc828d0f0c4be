"""The five default statuses of DESIGN.md; editors may rename them or add more."""

from django.db import migrations

DEFAULT_STATUSES = [
    # slug, label, kind, colour, order, description
    (
        "umgesetzt",
        "Das haben wir umgesetzt",
        "done",
        "#15803d",
        10,
        "Der Vorschlag ist umgesetzt.",
    ),
    (
        "gibt-es-schon",
        "Das gibt es schon",
        "exists",
        "#1d4ed8",
        20,
        "Das Angebot gibt es bereits; wir zeigen, wo Sie es finden.",
    ),
    (
        "in-der-mache",
        "Das ist in der Mache",
        "in_progress",
        "#a14a00",
        30,
        "Wir arbeiten an der Umsetzung.",
    ),
    (
        "geht-nicht",
        "Das geht nicht",
        "declined",
        "#b91c1c",
        40,
        "Der Vorschlag lässt sich nicht umsetzen; wir nennen den Grund.",
    ),
    (
        "in-pruefung",
        "Wird geprüft",
        "open",
        "#4b5563",
        50,
        "Wir prüfen den Vorschlag noch.",
    ),
]


def create_statuses(apps, schema_editor):
    SuggestionStatus = apps.get_model("wagtail_kundenforum", "SuggestionStatus")
    for slug, label, kind, colour, order, description in DEFAULT_STATUSES:
        SuggestionStatus.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "kind": kind,
                "colour": colour,
                "order": order,
                "description": description,
                "is_public": True,
            },
        )


def remove_unused_statuses(apps, schema_editor):
    SuggestionStatus = apps.get_model("wagtail_kundenforum", "SuggestionStatus")
    slugs = [status[0] for status in DEFAULT_STATUSES]
    SuggestionStatus.objects.filter(slug__in=slugs, suggestions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("wagtail_kundenforum", "0003_suggestions")]

    operations = [migrations.RunPython(create_statuses, remove_unused_statuses)]
