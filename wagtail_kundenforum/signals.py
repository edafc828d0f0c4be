from django.dispatch import Signal

# Sent after a reader's comment is stored: sender=ReaderComment, comment=..., request=...
comment_posted = Signal()

# Sent after a published suggestion's status changed and the change was committed:
# sender=Suggestion, suggestion=..., change=SuggestionStatusChange, user=... (or None).
suggestion_status_changed = Signal()
