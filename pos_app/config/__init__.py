"""Typed settings declared once; data paths from platformdirs; API secrets in the OS keyring.

Plain Python (no Qt): the composition root (pos_app.app) loads the settings and the secret store once and
passes them to whoever needs them.
"""

from pos_app.config.paths import default_data_dir
from pos_app.config.secrets import ApiCredentials, SecretStore, SecretStoreUnavailable, SecretsUnreadable
from pos_app.config.settings import SETTINGS_FILE_NAME, Settings, SettingsError

__all__ = [
    "SETTINGS_FILE_NAME",
    "ApiCredentials",
    "SecretStore",
    "SecretStoreUnavailable",
    "SecretsUnreadable",
    "Settings",
    "SettingsError",
    "default_data_dir",
]
