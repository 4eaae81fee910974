"""Pipeline stage 2: Text -> mentions, and (with resolve) entities and relations.

``text`` splits sentences and folds text for matching; ``gazetteer`` finds register names;
``patterns`` finds names the register does not know; ``relations`` reads the constructions
that state a relation.
"""
