"""`make bench`: pyodide-ajax timed against plain JavaScript and its peers (see run.py)."""
