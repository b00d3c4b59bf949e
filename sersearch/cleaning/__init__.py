"""The rules of the cleaning stage, one module per job; ``sersearch.clean`` runs them."""
