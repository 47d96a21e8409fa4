"""Reading inputs: workbooks with cell positions, cell values, schema validation."""
