"""Reference data (TOML) shipped with the package."""
