"""Testimonials: the model (only approved ones with consent are public) and the generator of the wall,
per-service pages, permalinks with share images, the feed, testimonials.json and the embed page."""
