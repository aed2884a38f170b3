// A port of the parts of Go's text/tabwriter pprof's -tags report uses: tab-terminated cells
// aligned in column blocks (runs of consecutive lines that have a cell in the column), padded on
// the left (AlignRight) with spaces, widths counted in code points.

/** Formats `text` as tabwriter.NewWriter(w, minWidth, 0, padding, ' ', AlignRight) would. */
export function alignRightColumns(text: string, minWidth: number, padding: number): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const width = (cell: string) => [...cell].length;

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let row = '';
      cells.forEach((cell, j) => {
        if (j < widths.length) row += ' '.repeat(Math.max(0, widths[j]! - width(cell)));
        row += cell;
      });
      out.push(row);
    }
  };

  const format = (lineFrom: number, lineTo: number) => {
    let line0 = lineFrom;
    const column = widths.length;
    for (let current = line0; current < lineTo; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let columnWidth = minWidth;
      for (; current < lineTo; current++) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        columnWidth = Math.max(columnWidth, width(cells[column]!) + padding);
      }
      widths.push(columnWidth);
      format(line0, current);
      widths.pop();
      line0 = current;
      current--;
    }
    writeLines(line0, lineTo);
  };

  format(0, lines.length);
  return out.join('\n');
}
