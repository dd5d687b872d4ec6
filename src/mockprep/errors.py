"""Every error mockprep raises on purpose, in one rooted hierarchy.

Each message says what is wrong and how to fix it. The CLI prints ``Error: <message>`` and
exits 2; the web app answers with ``http_status`` and the message. Anything that is *not* a
``MockprepError`` is a bug: the CLI exits 1 and shows a traceback only with ``--debug``.

::

    MockprepError
    ├── ConfigError                 a setting has a bad value
    │   └── DataDirError            the data folder cannot be created or written
    ├── StorageError
    │   ├── DatabaseURLError        DATABASE_URL cannot be understood
    │   ├── DatabaseUnavailableError  the server cannot be reached or refuses us
    │   ├── DatabaseCorruptError    the SQLite file is not a usable database
    │   ├── SchemaTooNewError       the database was migrated by a newer mockprep
    │   └── RecordNotFoundError     no row with that id (for this user)
    ├── BankError
    │   ├── BankFormatError         a bank file is malformed (file, line, field)
    │   ├── DuplicateQuestionError  ids repeat within or across banks
    │   └── QuestionNotFoundError   no question with that id
    ├── ModelError                  an embedding model cannot be found or fails its checksum
    └── InputError                  an argument or input file the user gave is unusable
"""

from __future__ import annotations


class MockprepError(Exception):
    """Root of mockprep's own errors: a message that names the problem and the fix."""

    http_status = 400

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.fix:
            return f"{self.message.rstrip('.')}. {self.fix}"
        return self.message


class ConfigError(MockprepError):
    """A setting has a value mockprep cannot use."""


class DataDirError(ConfigError):
    """The data folder cannot be created or written."""


class StorageError(MockprepError):
    """The database cannot be used."""

    http_status = 503


class DatabaseURLError(StorageError):
    """DATABASE_URL is malformed or names a driver we do not have."""


class DatabaseUnavailableError(StorageError):
    """The database server cannot be reached, or refuses the connection."""


class DatabaseCorruptError(StorageError):
    """The SQLite file exists but is not a usable database."""


class SchemaTooNewError(StorageError):
    """The database schema is newer than this version of mockprep understands."""


class RecordNotFoundError(StorageError):
    """No record with that id (for this user)."""

    http_status = 404


class BankError(MockprepError):
    """Question-bank problems."""


class BankFormatError(BankError):
    """A bank file is malformed."""

    http_status = 422


class DuplicateQuestionError(BankError):
    """Question ids repeat."""

    http_status = 409


class QuestionNotFoundError(BankError):
    """No question with that id."""

    http_status = 404


class ModelError(MockprepError):
    """An embedding model cannot be found, verified or run."""

    http_status = 503


class InputError(MockprepError):
    """An argument or input the user gave cannot be used."""

    http_status = 422
