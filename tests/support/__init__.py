"""Support code of the test suites, in one place: builders of test content, browser
fixtures, real servers (gunicorn, SMTP) and the hostile inputs. The reliability suite and
the benchmark import some of these modules too, without Django (each module says so)."""
