"""Commands of the `passerelles` CLI, one module each (`register` and `run`)."""
