"""Social moments: coalition accounts, their posts, and publishing them together (pure logic)."""
