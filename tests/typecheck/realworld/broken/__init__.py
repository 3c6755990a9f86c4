# Planted bugs over the corpus modules (see planted.py).
