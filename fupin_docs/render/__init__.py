"""Renderers: .docx from docxtpl templates, .xlsx with xlsxwriter."""
