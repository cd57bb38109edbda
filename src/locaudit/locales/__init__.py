"""Which locale each page is served as, and which pages are the same article."""
