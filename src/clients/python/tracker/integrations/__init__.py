"""Adapters for training frameworks (imported on demand; none imports the framework at module load)."""
