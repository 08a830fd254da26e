// Package xlsx reads and writes the simple one-sheet workbooks used for
// imports and exports, through excelize.
//
// Reading is bounded before anything is inflated: the zip's central
// directory is checked against Limits (declared sizes and compression
// ratio; archive/zip then refuses an entry that inflates past its declared
// size), and rows are streamed with excelize's row iterator, stopping at
// the row, column and cell caps. Writing never starts a formula: text
// that Excel would read as one is written with a leading apostrophe.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits bound what reading one workbook may cost. Zero fields take the
// defaults of DefaultLimits.
type Limits struct {
	MaxUnpacked  int64 // bytes: the declared uncompressed size of all parts
	MaxRatio     int64 // uncompressed:compressed of any part over 1 MiB
	MaxParts     int   // files in the zip
	MaxRows      int   // data rows after the header (blank rows not counted)
	MaxColumns   int   // cells in a row
	MaxCellBytes int   // bytes of one cell's text
}

// DefaultLimits are the bounds when a field of Limits is zero.
var DefaultLimits = Limits{
	MaxUnpacked:  64 << 20,
	MaxRatio:     100,
	MaxParts:     200,
	MaxRows:      5000,
	MaxColumns:   64,
	MaxCellBytes: 16 << 10,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxUnpacked > 0 {
		d.MaxUnpacked = l.MaxUnpacked
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.MaxParts > 0 {
		d.MaxParts = l.MaxParts
	}
	if l.MaxRows > 0 {
		d.MaxRows = l.MaxRows
	}
	if l.MaxColumns > 0 {
		d.MaxColumns = l.MaxColumns
	}
	if l.MaxCellBytes > 0 {
		d.MaxCellBytes = l.MaxCellBytes
	}
	return d
}

// Which limit a LimitError names.
const (
	LimitUnpacked = "unpacked size"
	LimitRatio    = "compression ratio"
	LimitParts    = "parts"
	LimitRows     = "rows"
	LimitColumns  = "columns"
	LimitCell     = "cell size"
)

// LimitError says which limit a workbook exceeded; nothing past the limit
// was read.
type LimitError struct {
	Limit string // one of the Limit… constants
	Max   int64  // the limit's value
	Row   int    // the sheet row, for rows, columns and cell size
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("workbook over the %s limit (%d)", e.Limit, e.Max)
}

// ErrNotWorkbook is returned for data that is not a readable .xlsx.
var ErrNotWorkbook = errors.New("xlsx: not a readable workbook")

// largePart is the size from which a part's compression ratio is checked;
// small parts of any workbook compress well.
const largePart = 1 << 20

// Check refuses a workbook whose zip directory declares more than the
// limits allow. It reads only the central directory.
func Check(data []byte, l Limits) error {
	return CheckAt(bytes.NewReader(data), int64(len(data)), l)
}

// CheckAt is Check on a file of size bytes read through r (a staged
// upload on disk), reading only its zip directory.
func CheckAt(r io.ReaderAt, size int64, l Limits) error {
	l = l.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	if len(zr.File) > l.MaxParts {
		return &LimitError{Limit: LimitParts, Max: int64(l.MaxParts)}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(l.MaxUnpacked) {
			return &LimitError{Limit: LimitUnpacked, Max: l.MaxUnpacked}
		}
		if f.UncompressedSize64 > largePart && (f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > uint64(l.MaxRatio)) {
			return &LimitError{Limit: LimitRatio, Max: l.MaxRatio}
		}
	}
	return nil
}

// ReadFirstSheet reads a workbook from r (at most 10 MiB) with
// DefaultLimits; see Read.
func ReadFirstSheet(r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, 10<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	if len(data) > 10<<20 {
		return nil, &LimitError{Limit: LimitUnpacked, Max: 10 << 20}
	}
	return Read(data, Limits{})
}

// Read returns the cells of the workbook's first sheet as text, the
// header row first. Rows are in sheet order: a blank row inside the
// data is kept as nil (so indexes stay sheet row numbers - 1), blank rows
// after the data are dropped. It returns a *LimitError when the workbook
// exceeds l, and an error wrapping ErrNotWorkbook when it cannot be read.
func Read(data []byte, l Limits) ([][]string, error) {
	l = l.withDefaults()
	if err := Check(data, l); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: l.MaxUnpacked, UnzipXMLSizeLimit: l.MaxUnpacked})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: no sheets", ErrNotWorkbook)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer rows.Close()
	// A data row far below the others means a sheet of gaps: it counts
	// against the row limit as if the gaps were rows.
	maxRowNumber := 4*l.MaxRows + 1000
	var out [][]string
	dataRows, blanks := 0, 0
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("%w: row %d: %v", ErrNotWorkbook, n, err)
		}
		if blank(cells) {
			blanks++
			continue
		}
		if n > 1 {
			dataRows++
		}
		if dataRows > l.MaxRows || n > maxRowNumber {
			return nil, &LimitError{Limit: LimitRows, Max: int64(l.MaxRows), Row: n}
		}
		if len(cells) > l.MaxColumns {
			cells = trimTrailingBlank(cells)
			if len(cells) > l.MaxColumns {
				return nil, &LimitError{Limit: LimitColumns, Max: int64(l.MaxColumns), Row: n}
			}
		}
		for i, c := range cells {
			if len(c) > l.MaxCellBytes {
				return nil, &LimitError{Limit: LimitCell, Max: int64(l.MaxCellBytes), Row: n}
			}
			cells[i] = FromText(c)
		}
		for ; blanks > 0; blanks-- {
			out = append(out, nil)
		}
		out = append(out, cells)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	return out, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimTrailingBlank(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// AsText returns v as it must be written so that Excel shows it as text:
// a value that Excel (or LibreOffice, or a CSV import) would take for a
// formula — one starting with =, +, -, @, a tab or a carriage return —
// gets a leading apostrophe; a plain negative number is left alone.
//
// FromText undoes it, so an exported sheet imports back unchanged.
func AsText(v string) string {
	if formulaStart(v) || (len(v) > 1 && v[0] == '\'' && formulaStart(v[1:])) {
		return "'" + v
	}
	return v
}

// FromText is the inverse of AsText, applied to every cell read.
func FromText(v string) string {
	if len(v) > 1 && v[0] == '\'' && (formulaStart(v[1:]) || (len(v) > 2 && v[1] == '\'' && formulaStart(v[2:]))) {
		return v[1:]
	}
	return v
}

// formulaStart reports whether v starts like a formula. A plain negative
// number ("-12", "-0.5") is a value, not a formula, and stays a number.
func formulaStart(v string) bool {
	if v == "" {
		return false
	}
	switch v[0] {
	case '=', '+', '@', '\t', '\r':
		return true
	case '-':
		return !plainNumber(v[1:])
	}
	return false
}

func plainNumber(v string) bool {
	digits, dot := 0, false
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] >= '0' && v[i] <= '9':
			digits++
		case v[i] == '.' && !dot && digits > 0 && i < len(v)-1:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// Write returns a workbook with one sheet holding rows; the first row is
// styled as a header and frozen. Every cell is written as text through
// AsText, so no export starts a formula.
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
			vals[j] = AsText(v)
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
