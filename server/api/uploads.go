package api

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
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
	maxLineBytes int   // one line of a text file
	maxBytes     int64 // one file (0: maxUploadBody)
	maxFiles     int   // files of one document entry
}

var (
	questionUploads = uploadBounds{
		sheet:        xlsx.Limits{MaxUnpacked: 64 << 20, MaxRows: quiz.MaxImportQuestions, MaxColumns: 32, MaxCellBytes: 16 << 10},
		maxLineBytes: 16 << 10,
	}
	userUploads     = uploadBounds{sheet: xlsx.Limits{MaxUnpacked: 16 << 20, MaxRows: account.MaxImportRows, MaxColumns: 32, MaxCellBytes: 1 << 10}}
	scheduleUploads = uploadBounds{sheet: xlsx.Limits{MaxUnpacked: 16 << 20, MaxRows: courses.MaxScheduleRows, MaxColumns: 32, MaxCellBytes: 2 << 10}}
	// rosterUploads bound a roster workbook: a speech contest's speakers or
	// a tournament's teams (a row per team with its four debaters).
	rosterUploads = uploadBounds{sheet: xlsx.Limits{MaxUnpacked: 16 << 20, MaxRows: 1000, MaxColumns: 32, MaxCellBytes: 2 << 10}}
	// documentUploads bound an appraisal document's files (PDF, DOCX, PNG,
	// JPEG): each at most maxBytes, at most maxFiles per entry, and a DOCX's
	// zip directory checked like a workbook's before anything is inflated.
	documentUploads = uploadBounds{
		sheet:    xlsx.Limits{MaxUnpacked: 64 << 20, MaxRatio: 100, MaxParts: 500},
		maxBytes: maxDocumentFile,
		maxFiles: 10,
	}
)

// checkDocument sniffs an appraisal file within b and returns its kind:
// the size, the extension, the content (magic bytes), the extension
// matching the content and, for a DOCX, the zip directory (bombs) and the
// parts of a Word document without macros. A refusal is a 422 (413 for
// the size) naming the reason, before anything is stored.
func checkDocument(name string, data []byte, b uploadBounds) (string, error) {
	limit := b.maxBytes
	if limit == 0 {
		limit = maxUploadBody
	}
	if int64(len(data)) > limit {
		msg := fmt.Sprintf("the file is larger than %d MiB, the limit", limit>>20)
		return "", &fault.Error{Code: fault.TooLarge, Message: msg, Fields: map[string]string{"file": msg}}
	}
	if len(data) >= 4 && string(data[:4]) == "PK\x03\x04" {
		if err := xlsx.Check(data, b.sheet); err != nil {
			var le *xlsx.LimitError
			if errors.As(err, &le) {
				return "", documentLimitFault(le)
			}
			return "", fault.InvalidField("file", docfile.ErrNotDocx.Error())
		}
	}
	kind, err := docfile.Sniff(name, data)
	if err != nil {
		return "", fault.InvalidField("file", err.Error())
	}
	return kind, nil
}

func documentLimitFault(le *xlsx.LimitError) *fault.Error {
	var msg string
	switch le.Limit {
	case xlsx.LimitUnpacked:
		msg = fmt.Sprintf("the document unpacks to more than %d MiB, the limit", le.Max>>20)
	case xlsx.LimitRatio:
		msg = fmt.Sprintf("the document is compressed more than %d to 1, the limit (a zip bomb?)", le.Max)
	case xlsx.LimitParts:
		msg = fmt.Sprintf("the document has more than %d parts, the limit", le.Max)
	default:
		msg = le.Error()
	}
	return &fault.Error{Code: fault.Invalid, Message: msg, Fields: map[string]string{"file": msg}}
}

// sendDocument serves a stored appraisal file so that it is never run:
// its sniffed type, nosniff, a CSP that allows nothing to execute or
// load, and a Content-Disposition with the given (blind) name; inline
// only for PDF and images. The file is streamed from disk (a range at a
// time for pdf.js), never held in memory whole, and closed once sent.
func sendDocument(c *fiber.Ctx, kind, name string, content io.ReadSeekCloser) error {
	size, err := content.Seek(0, io.SeekEnd)
	if err != nil {
		content.Close()
		return fmt.Errorf("send document: %w", err)
	}
	disposition := "attachment"
	if kind != docfile.DOCX {
		disposition = "inline"
	}
	c.Set(fiber.HeaderContentType, docfile.ContentType[kind])
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox; frame-ancestors 'self'")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderContentDisposition, disposition+"; filename*=UTF-8''"+url.PathEscape(name))
	c.Set(fiber.HeaderAcceptRanges, "bytes")
	from, to, partial := byteRange(c.Get(fiber.HeaderRange), size)
	if !partial {
		from, to = 0, size-1
	}
	if _, err := content.Seek(from, io.SeekStart); err != nil {
		content.Close()
		return fmt.Errorf("send document: %w", err)
	}
	if partial {
		// one range (pdf.js reads a big PDF's cross-reference table and the
		// first page's objects this way, not the whole file)
		c.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes %d-%d/%d", from, to, size))
		c.Status(fiber.StatusPartialContent)
	}
	n := to - from + 1
	// fasthttp closes the stream after writing the response (or when the
	// connection fails)
	return c.SendStream(limitedCloser{io.LimitReader(content, n), content}, int(n))
}

// limitedCloser reads a part of a file and closes the file.
type limitedCloser struct {
	io.Reader
	io.Closer
}

// byteRange reads a single "bytes=a-b", "bytes=a-" or "bytes=-n" range
// within size; anything else (several ranges, out of bounds) is ignored
// and the whole file is sent.
func byteRange(h string, size int64) (int64, int64, bool) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(h), "bytes=")
	if !ok || strings.Contains(spec, ",") || size == 0 {
		return 0, 0, false
	}
	a, b, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, false
	}
	if a == "" { // the last n bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		return max(0, size-n), size - 1, true
	}
	from, err := strconv.ParseInt(a, 10, 64)
	if err != nil || from < 0 || from >= size {
		return 0, 0, false
	}
	to := size - 1
	if b != "" {
		if to, err = strconv.ParseInt(b, 10, 64); err != nil || to < from {
			return 0, 0, false
		}
		to = min(to, size-1)
	}
	return from, to, true
}

// readUpload reads the form's "file" into memory (at most maxUploadBody
// bytes; the body limit refused larger ones already). The name is copied.
func readUpload(c *fiber.Ctx) (string, []byte, error) {
	return readUploadWithin(c, maxUploadBody)
}

// readUploadWithin reads the form's "file", at most limit bytes (a larger
// one is a 413 naming the limit).
func readUploadWithin(c *fiber.Ctx, limit int64) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil, fault.InvalidField("file", "a file is required")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	if fh.Size > limit {
		msg := fmt.Sprintf("the file is larger than %d MiB, the limit", limit>>20)
		return "", nil, &fault.Error{Code: fault.TooLarge, Message: msg, Fields: map[string]string{"file": msg}}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > limit {
		return "", nil, &fault.Error{Code: fault.TooLarge, Message: "the request body is too large"}
	}
	return strings.Clone(fh.Filename), data, nil
}

// readRoster reads an uploaded roster workbook's first sheet within
// rosterUploads, with the units by name that its rows name.
func (s *server) readRoster(c *fiber.Ctx) ([][]string, map[string]int64, error) {
	_, data, err := readUpload(c)
	if err != nil {
		return nil, nil, err
	}
	rows, err := readSheet(data, rosterUploads)
	if err != nil {
		return nil, nil, err
	}
	units, err := s.Accounts.Units(c.UserContext())
	if err != nil {
		return nil, nil, err
	}
	byName := make(map[string]int64, len(units))
	for _, u := range units {
		byName[u.Name] = u.ID
	}
	return rows, byName, nil
}

// translateRowErrors puts a roster report's row errors in the caller's
// language.
func translateRowErrors(c *fiber.Ctx, errs []judging.RowError) {
	zh := wantsChinese(c.Get(fiber.HeaderAcceptLanguage))
	for i := range errs {
		for k, v := range errs[i].Errors {
			errs[i].Errors[k] = translate(zh, v)
		}
	}
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
