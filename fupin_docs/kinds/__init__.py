"""Document kinds: each declares its schema, template, rules and how rows become documents."""
