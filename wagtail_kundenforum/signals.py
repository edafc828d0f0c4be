from django.dispatch import Signal

# Sent after a reader's comment is stored: sender=ReaderComment, comment=..., request=...
comment_posted = Signal()

# Sent after a published suggestion's status changed and the change was committed:
# sender=Suggestion, suggestion=..., change=SuggestionStatusChange, user=... (or None).
suggestion_status_changed = Signal()

# Sent inside the transaction that records a published suggestion's status change, before
# it commits: what a listener writes commits or rolls back with the change (the followers'
# event). sender=Suggestion, suggestion=..., change=SuggestionStatusChange.
suggestion_status_recorded = Signal()
