"""The plugin's callbacks, one concern per module."""
