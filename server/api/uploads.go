package api

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// The bounds of every upload, in one place. Each kind of file names its
// caps here and is read through readUpload and readSheet or readText, so
// the checks run before anything is inflated or parsed: the body size
// (Fiber's BodyLimit, maxUploadBody), the zip directory of a workbook
// (declared unpacked size, compression ratio, parts), then rows streamed
// up to the row, column and cell caps. A refusal is a 422 naming the limit.
// A later upload feature adds its line here.
type uploadBounds struct {
	sheet        xlsx.Limits
	maxLineBytes int // one line of a text file
}

var (
	questionUploads = uploadBounds{
		sheet:        xlsx.Limits{MaxUnpacked: 64 << 20, MaxRows: quiz.MaxImportQuestions, MaxColumns: 32, MaxCellBytes: 16 << 10},
		maxLineBytes: 16 << 10,
	}
	userUploads     = uploadBounds{sheet: xlsx.Limits{MaxUnpacked: 16 << 20, MaxRows: account.MaxImportRows, MaxColumns: 32, MaxCellBytes: 1 << 10}}
	scheduleUploads = uploadBounds{sheet: xlsx.Limits{MaxUnpacked: 16 << 20, MaxRows: courses.MaxScheduleRows, MaxColumns: 32, MaxCellBytes: 2 << 10}}
)

// readUpload reads the form's "file" into memory (at most maxUploadBody
// bytes; the body limit refused larger ones already). The name is copied.
func readUpload(c *fiber.Ctx) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil, fault.InvalidField("file", "a file is required")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUploadBody+1))
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	if len(data) > maxUploadBody {
		return "", nil, &fault.Error{Code: fault.TooLarge, Message: "the request body is too large"}
	}
	return strings.Clone(fh.Filename), data, nil
}

// checkSheet refuses, from its zip directory alone, a workbook over b.
func checkSheet(data []byte, b uploadBounds) error {
	return sheetError(xlsx.Check(data, b.sheet))
}

// readSheet reads a workbook's first sheet within b.
func readSheet(data []byte, b uploadBounds) ([][]string, error) {
	rows, err := xlsx.Read(data, b.sheet)
	return rows, sheetError(err)
}

func sheetError(err error) error {
	if err == nil {
		return nil
	}
	var le *xlsx.LimitError
	if errors.As(err, &le) {
		return limitFault(le)
	}
	if errors.Is(err, xlsx.ErrNotWorkbook) {
		return fault.InvalidField("file", "the file is not a readable .xlsx workbook")
	}
	return err
}

// limitFault is the 422 for a workbook over a limit; the message names it.
func limitFault(le *xlsx.LimitError) *fault.Error {
	var msg string
	switch le.Limit {
	case xlsx.LimitUnpacked:
		msg = fmt.Sprintf("the workbook unpacks to more than %d MiB, the limit", le.Max>>20)
	case xlsx.LimitRatio:
		msg = fmt.Sprintf("the workbook is compressed more than %d to 1, the limit for a spreadsheet", le.Max)
	case xlsx.LimitParts:
		msg = fmt.Sprintf("the workbook has more than %d parts, the limit", le.Max)
	case xlsx.LimitRows:
		msg = fmt.Sprintf("too many rows (at most %d)", le.Max)
	case xlsx.LimitColumns:
		msg = fmt.Sprintf("row %d has more than %d columns, the limit", le.Row, le.Max)
	case xlsx.LimitCell:
		msg = fmt.Sprintf("row %d has a cell longer than %d bytes, the limit", le.Row, le.Max)
	default:
		msg = le.Error()
	}
	return &fault.Error{Code: fault.Invalid, Message: msg, Fields: map[string]string{"file": msg}}
}

// readText checks a text upload: UTF-8, and no line over b.maxLineBytes.
// The number of items is checked by the domain (quiz.MaxImportQuestions).
func readText(data []byte, b uploadBounds) (string, error) {
	if !utf8.Valid(data) {
		return "", fault.InvalidField("file", "the text file must be UTF-8")
	}
	text := string(data)
	line, start := 1, 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if i-start > b.maxLineBytes {
				msg := fmt.Sprintf("line %d is longer than %d bytes, the limit", line, b.maxLineBytes)
				return "", &fault.Error{Code: fault.Invalid, Message: msg, Fields: map[string]string{"file": msg}}
			}
			line, start = line+1, i+1
		}
	}
	return text, nil
}
