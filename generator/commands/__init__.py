"""One module per command: each adds its parser (`register`) and runs it (`run`)."""
