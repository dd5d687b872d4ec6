"""Errors of spoken answers, as children of mockprep's own hierarchy (see ``mockprep.errors``).

::

    InputError
    └── AudioError               the recording cannot be used (each child says why and the fix)
        ├── EmptyAudioError      no bytes, or no sound frames at all
        ├── AudioTooLargeError   more bytes than MOCKPREP_MAX_AUDIO_MB
        ├── AudioTooLongError    longer than MOCKPREP_MAX_AUDIO_SECONDS
        ├── NotAudioError        a file that holds no audio (text, an image, ...)
        ├── CorruptAudioError    an audio file that cannot be decoded to the end
        ├── SilentAudioError     decodes, but is silence
        └── NoSpeechError        has sound, but no words were recognised
    ModelError
    └── SpeechModelError         the speech model cannot be found or loaded

Every audio error keeps the typed-answer path open: the fix always mentions typing the answer.
"""

from __future__ import annotations

from mockprep.errors import InputError, ModelError

TYPE_INSTEAD = "or type your answer instead"


class AudioError(InputError):
    """A recording mockprep cannot turn into a transcript."""


class EmptyAudioError(AudioError):
    """The file is empty or holds no sound frames."""


class AudioTooLargeError(AudioError):
    """The file is larger than the configured limit."""

    http_status = 413


class AudioTooLongError(AudioError):
    """The recording is longer than the configured limit."""

    http_status = 413


class NotAudioError(AudioError):
    """The file is not audio (or is a format we do not accept)."""

    http_status = 415


class CorruptAudioError(AudioError):
    """The file claims to be audio but cannot be decoded."""


class SilentAudioError(AudioError):
    """The recording is silence (a muted or disconnected microphone)."""


class NoSpeechError(AudioError):
    """Sound, but no recognisable words."""


class SpeechModelError(ModelError):
    """The speech-to-text model cannot be found or loaded."""
