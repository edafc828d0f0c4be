from .comments import CommentState, ReaderComment
from .forums import Forum, ForumMethod
from .pages import (
    AbstractForumIndexPage,
    AbstractForumReportPage,
    ForumIndexPage,
    ForumReportPage,
)
from .commentable import CommentablePageMixin
from .settings import KundenforumSettings

__all__ = [
    "CommentState",
    "CommentablePageMixin",
    "ReaderComment",
    "AbstractForumIndexPage",
    "AbstractForumReportPage",
    "Forum",
    "ForumIndexPage",
    "ForumMethod",
    "ForumReportPage",
    "KundenforumSettings",
]
