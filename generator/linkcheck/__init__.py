"""`passerelles links`: every external address of the content, asked politely."""
