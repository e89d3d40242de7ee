"""What reaches a reader is inert: the content security policy and the output scan."""
