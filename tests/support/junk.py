"""Junk query strings, as a crawler or an attacker sends them: for the tests that show the
cache stays bounded (``tests/test_cache_bounds.py`` and the reliability suite). No Django."""

import random
import string

ALPHABET = string.ascii_letters + string.digits + "-_."


def junk_paths(targets, count, seed=2026):
    """``count`` distinct paths with junk query strings, round-robin over ``targets``: a
    list of (path, parameter names). Values are random words, pages past the last, and
    page numbers written oddly; an extra ``n`` makes every query string distinct."""
    rng = random.Random(seed)
    values = [
        lambda: "".join(rng.choices(ALPHABET, k=rng.randint(1, 16))),
        lambda: str(rng.randint(2, 10**9)),
        lambda: "0" + str(rng.randint(1, 9)),
    ]
    paths = set()
    while len(paths) < count:
        path, names = targets[len(paths) % len(targets)]
        paths.add(f"{path}?{rng.choice(names)}={rng.choice(values)()}&n={len(paths)}")
    return sorted(paths)
