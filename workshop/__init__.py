"""分野連携ワークショップ: run a cross-department dialogue session and export its minutes."""

__version__ = "0.1.0"
