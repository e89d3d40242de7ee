"""What the tool says: every message, content problems as data, reports."""
