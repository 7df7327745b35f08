"""Backends behind small interfaces: store, gazetteer, executor, LLM. Each has a real implementation and a double."""
