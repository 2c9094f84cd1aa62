"""Pure domain: pydantic models and rules. Imports nothing else of the project."""
