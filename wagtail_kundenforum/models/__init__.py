from .cache_versions import CacheVersion
from .commentable import CommentablePageMixin
from .comments import CommentState, ReaderComment
from .following import (
    FollowDelivery,
    FollowerAddress,
    FollowEvent,
    FollowEventKind,
    FollowFrequency,
    FollowTarget,
    Subscription,
    SubscriptionState,
)
from .forums import Forum, ForumMethod
from .outbox import OutboxMessage, OutboxState
from .pages import (
    AbstractForumIndexPage,
    AbstractForumReportPage,
    ForumIndexPage,
    ForumReportPage,
    GermanSlugMixin,
)
from .settings import KundenforumSettings
from .status_history import SuggestionStatusChange
from .statuses import SuggestionKind, SuggestionStatus, SuggestionTopic
from .suggestions import Suggestion, SuggestionRelatedPage

__all__ = [
    "AbstractForumIndexPage",
    "AbstractForumReportPage",
    "CacheVersion",
    "CommentState",
    "CommentablePageMixin",
    "FollowDelivery",
    "FollowEvent",
    "FollowEventKind",
    "FollowFrequency",
    "FollowTarget",
    "FollowerAddress",
    "Forum",
    "ForumIndexPage",
    "ForumMethod",
    "ForumReportPage",
    "GermanSlugMixin",
    "KundenforumSettings",
    "OutboxMessage",
    "OutboxState",
    "ReaderComment",
    "Subscription",
    "SubscriptionState",
    "Suggestion",
    "SuggestionKind",
    "SuggestionRelatedPage",
    "SuggestionStatus",
    "SuggestionStatusChange",
    "SuggestionTopic",
]
