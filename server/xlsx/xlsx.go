// Package xlsx reads and writes the simple one-sheet workbooks used for
// imports and exports, through excelize.
package xlsx

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ReadFirstSheet returns the cells of the workbook's first sheet as text.
func ReadFirstSheet(r io.Reader) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("read workbook: no sheets")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	return rows, nil
}

// Write returns a workbook with one sheet holding rows; the first row is
// styled as a header and frozen.
func Write(sheet string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return nil, err
		}
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return nil, err
		}
	}
	if len(rows) > 0 {
		style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDE6F3"}, Pattern: 1}})
		if err != nil {
			return nil, err
		}
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
		if err := f.SetCellStyle(sheet, "A1", last, style); err != nil {
			return nil, err
		}
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		for j := range rows[0] {
			col, _ := excelize.ColumnNumberToName(j + 1)
			f.SetColWidth(sheet, col, col, 16)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
