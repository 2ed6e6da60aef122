"""Real HTTP servers on 127.0.0.1 for tests that send requests."""
