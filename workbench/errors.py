"""The errors Workbench reports to users, each turned into one line by the CLI."""

from __future__ import annotations


class WorkbenchError(Exception):
    """An error meant for the user: the CLI prints ``error: <message>`` and exits."""

    exit_code = 2


class InputError(WorkbenchError):
    """An input (file, folder, stdin, option value) that cannot be used."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle by the constructor's arguments (errors cross process boundaries)."""
        return type(self), (self.name, self.problem)


class RecordInvalid(WorkbenchError):
    """A record that does not match its JSON Schema."""

    def __init__(self, schema: str, errors: list[str]) -> None:
        super().__init__(f"invalid {schema}: " + "; ".join(errors))
        self.schema = schema
        self.errors = errors

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:
        """Pickle by the constructor's arguments (errors cross process boundaries)."""
        return type(self), (self.schema, self.errors)


class PluginError(WorkbenchError):
    """A plugin that could not be loaded, or that failed under ``--strict``."""

    exit_code = 3


class PluginLoadError(WorkbenchError):
    """A ``--plugin`` module or path that does not import."""
