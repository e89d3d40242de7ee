"""What helps editors start: the commented skeleton of a new content file."""
