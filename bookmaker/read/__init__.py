"""Read: one reader per kind of source, turning a file's bytes into text the parser reads."""
