"""CSV files that spreadsheet programs open as data, never as formulas (CSV injection).

Forms refuse text that starts like a formula, but not everything a CSV carries came through a
form: titles and party names are typed by staff or imported. So every CSV the site writes goes
through one writer that defuses such cells on the way out, whatever their source.
"""

import csv

from deiseb.lib.text import FORMULA_PREFIXES

# A tab or carriage return first makes some programs read the next cell, or a formula, from it.
_CONTROL_PREFIXES = ("\t", "\r")


def neutralise(cell):
    """Text a spreadsheet would run, with an apostrophe in front; anything else unchanged.

    Only text: numbers (including negative ones) are values, not formulas, and stay numbers.
    """
    if isinstance(cell, str) and (
        cell.startswith(_CONTROL_PREFIXES) or cell.lstrip().startswith(FORMULA_PREFIXES)
    ):
        return "'" + cell
    return cell


class FormulaSafeWriter:
    """csv.writer, with every cell neutralised first."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs) -> FormulaSafeWriter:
    return FormulaSafeWriter(file, **kwargs)
