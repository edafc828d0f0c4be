"""``make bench``: render times, query counts and comment throughput against a bare page."""
