"""The data file of a background import: the data rows of its file, read once, as JSON
lines, which each chunk reads on from where the last one stopped."""

import io
import json

from .values import NumberCell


class DataRows:
    """The rows of a job's data file (JSON lines: row number, cells, the indexes of the
    cells that held numbers), from a byte offset, skipping ``skip`` rows; ``offset`` is
    where the rows read so far end."""

    def __init__(self, raw, offset=0, skip=0):
        self.buffer = io.BytesIO(raw)
        self.buffer.seek(offset)
        self.offset = offset
        self.skip = skip

    @staticmethod
    def line(rowno, cells):
        numbers = [i for i, cell in enumerate(cells) if isinstance(cell, NumberCell)]
        row = [rowno, [cell or "" for cell in cells], numbers]
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

    def __iter__(self):
        return self

    def take_while(self, predicate, key=int):
        """The next rows as long as ``predicate(key(row number))`` holds (the lines of the
        contract a chunk ends with): the first row that fails it is left to be read."""
        rows = []
        while True:
            position = self.buffer.tell()
            try:
                rowno, cells = next(self)
            except StopIteration:
                return rows
            if not predicate(key(rowno)):
                self.buffer.seek(position)
                self.offset = position
                return rows
            rows.append((rowno, cells))

    def __next__(self):
        while True:
            line = self.buffer.readline()
            if not line:
                raise StopIteration
            self.offset += len(line)
            if self.skip:
                self.skip -= 1
                continue
            rowno, cells, numbers = json.loads(line)
            for index in numbers:
                cells[index] = NumberCell(cells[index])
            return rowno, cells
