//! Renderers: diagnostics → text for people (human) and tools (JSON).
