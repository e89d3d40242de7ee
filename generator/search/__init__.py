"""The site's search: French words, acronyms spelled out, synonyms; lunr and Pagefind."""
