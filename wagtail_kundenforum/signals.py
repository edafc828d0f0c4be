from django.dispatch import Signal

# Sent after a reader's comment is stored: sender=ReaderComment, comment=..., request=...
comment_posted = Signal()
