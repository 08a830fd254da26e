package xlsx

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// Sheet is one named sheet of a workbook; its first row is the header.
type Sheet struct {
	Name string
	Rows [][]string
}

// WriteBook returns a workbook with the sheets in order, each styled as
// Write styles its one sheet.
func WriteBook(sheets []Sheet) ([]byte, error) {
	if len(sheets) == 0 {
		return Write("Sheet1", nil)
	}
	first, err := Write(sheets[0].Name, sheets[0].Rows)
	if err != nil || len(sheets) == 1 {
		return first, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDE6F3"}, Pattern: 1}})
	if err != nil {
		return nil, err
	}
	for _, sh := range sheets[1:] {
		if _, err := f.NewSheet(sh.Name); err != nil {
			return nil, err
		}
		for i, row := range sh.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			vals := make([]any, len(row))
			for j, v := range row {
				vals[j] = v
			}
			if err := f.SetSheetRow(sh.Name, cell, &vals); err != nil {
				return nil, err
			}
		}
		if len(sh.Rows) > 0 && len(sh.Rows[0]) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(sh.Rows[0]), 1)
			if err := f.SetCellStyle(sh.Name, "A1", last, header); err != nil {
				return nil, err
			}
			if err := f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				return nil, err
			}
			for j := range sh.Rows[0] {
				col, _ := excelize.ColumnNumberToName(j + 1)
				f.SetColWidth(sh.Name, col, col, 14)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
