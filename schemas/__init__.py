"""The JSON Schemas of Workbench records, installed as ``workbench.schemas``."""
