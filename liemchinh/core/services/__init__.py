"""Every write of the core app: one function per use case (see CONVENTIONS.md, habit 1)."""
