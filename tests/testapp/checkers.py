"""Spam checkers for the tests, as a site would plug in an Akismet-like service."""


def everything_is_spam(comment, request):
    return "spam"


def unreachable_service(comment, request):
    raise ConnectionError("the spam service does not answer")
