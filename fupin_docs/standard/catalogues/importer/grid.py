"""The one table model every reader produces and the interpreter reads.

A reader (xlsx, docx, html, pdf) only turns a file into :class:`Grid` objects: the cells of
one table with their text, row span and column span (merged cells), each at its grid
position, plus the text that stood before the table (its heading or title). What the
cells mean is the interpreter's business, shared by every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell as published: its text and the grid rectangle it covers."""

    row: int  # 0-based grid row of the top-left corner
    col: int  # 0-based grid column of the top-left corner
    text: str  # the cell's text; hard line breaks as "\n"
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """One table of a document.

    ``name`` names the table for the user (工作表「户籍管理」, 第2个表格, 第3页的表格);
    ``row_names`` / ``col_names`` name each grid row and column the way the user finds
    them in the source (Excel row numbers and letters, or 第N行 / 第N列).
    """

    name: str
    cells: list[Cell]
    heading: list[str] = field(default_factory=list)  # text lines before the table, in order
    caption: str = ""  # a name the source gives the table's container (the sheet's name)
    sheet: str = ""  # the worksheet's name, for workbooks (a report can mark its cells)
    row_names: list[str] = field(default_factory=list)
    col_names: list[str] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # the source's own row numbers
    col_letters: list[str] = field(default_factory=list)  # workbook column letters

    def __post_init__(self) -> None:
        self.n_rows = max((c.row + c.rowspan for c in self.cells), default=0)
        self.n_cols = max((c.col + c.colspan for c in self.cells), default=0)
        if not self.row_numbers:
            self.row_numbers = list(range(1, self.n_rows + 1))
        if not self.row_names:
            self.row_names = [f"第{n}行" for n in self.row_numbers]
        if not self.col_names:
            self.col_names = [f"第{c + 1}列" for c in range(self.n_cols)]
        self._cover: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if self._cover[r][c] is None:
                        self._cover[r][c] = cell

    def at(self, row: int, col: int) -> Cell | None:
        """The cell covering a grid position (a merged cell covers all its positions)."""
        if 0 <= row < self.n_rows and 0 <= col < self.n_cols:
            return self._cover[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        cell = self.at(row, col)
        return cell.text if cell is not None else ""

    def row_cells(self, row: int) -> list[Cell]:
        """The distinct cells touching a row, left to right."""
        seen: list[Cell] = []
        ids: set[int] = set()
        for cell in self._cover[row] if 0 <= row < self.n_rows else []:
            if cell is not None and id(cell) not in ids:
                ids.add(id(cell))
                seen.append(cell)
        return seen

    def row_name(self, row: int) -> str:
        return self.row_names[row] if row < len(self.row_names) else f"第{row + 1}行"

    def row_number(self, row: int) -> int:
        return self.row_numbers[row] if row < len(self.row_numbers) else row + 1

    def col_letter(self, col: int) -> str:
        return self.col_letters[col] if col < len(self.col_letters) else ""

    def col_name(self, col: int) -> str:
        return self.col_names[col] if col < len(self.col_names) else f"第{col + 1}列"


def from_rows(name: str, rows: list[list[str]], heading: list[str] | None = None) -> Grid:
    """A grid with no merged cells (handy for tests and plain tables)."""
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(name, cells, heading=list(heading or []))
