"""Editor writes: publishing, ordering, relabelling, editing the tree.

API handlers, admin actions and commands call these instead of writing rows;
each validates, runs in a transaction and returns what it changed.
"""
