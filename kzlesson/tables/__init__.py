"""The curated tables: ``datapackage.json`` checked (descriptor), CSV cells checked (schema),
typed DataFrames loaded and cached (load), and names that point at two rows (aliases)."""
