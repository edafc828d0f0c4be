from .forums import Forum, ForumMethod
from .pages import (
    AbstractForumIndexPage,
    AbstractForumReportPage,
    ForumIndexPage,
    ForumReportPage,
)
from .settings import KundenforumSettings

__all__ = [
    "AbstractForumIndexPage",
    "AbstractForumReportPage",
    "Forum",
    "ForumIndexPage",
    "ForumMethod",
    "ForumReportPage",
    "KundenforumSettings",
]
