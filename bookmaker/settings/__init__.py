"""Settings: bookmaker.toml, STORY.toml sidecars and command-line options, read once into typed,
validated values before anything is written."""
