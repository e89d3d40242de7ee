"""Publishing: a built site beside the old one, swapped in on success; new editions."""
