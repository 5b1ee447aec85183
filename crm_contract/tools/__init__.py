"""Plain Python shared by the addon's models, wizards and controllers: no model lives here.

- ``guards``: checks of protected fields, value bounds and record access, and the
  internal markers (context values no JSON-RPC call can carry);
- ``amount_words``: amounts in Chinese capital numerals;
- ``mail_batch``: batched creation of activities.
"""
