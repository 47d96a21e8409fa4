"""Inspection from the records (§8.2): find what the slips, ledgers and announcements of each
unit break, score the units, and pre-fill the 督查 workbook that ``letters`` reads.

records.py recognises what a workbook is; analyse.py finds the problems with the existing
rules; model.py holds the findings and scores; outputs.py writes the workbook and reports.
"""
