"""Command modules of the ``workbench`` CLI beyond ``check``: each a thin click layer."""
