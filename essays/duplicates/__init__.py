"""Near-duplicate essays across sites: MinHash fingerprints stored in the database.

Pure parts: `text` (what of an essay is compared) and `minhash` (fingerprints).
Database parts: `models` and `index` (remember, find_duplicates). See
docs/duplicates.md.
"""
