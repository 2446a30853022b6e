"""Reports from what the room stored, dialect-neutral: each dialect renders them."""
