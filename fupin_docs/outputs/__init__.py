"""What a run leaves behind: report, annotated workbook, atomic writes, progress."""
