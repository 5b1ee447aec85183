"""Contract states shared by the features of the addon."""

# A signed contract: in force, or past its end date. Its instalments are owed (and age),
# receipts are registered on it, and it can be renewed.
SIGNED_STATES = ("active", "expired")
