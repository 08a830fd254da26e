package api

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// A question-import preview is answered a page at a time: the counts,
// the bad rows first (they are what the person must fix), then one page
// of the checked rows (?offset=&limit=), never all 20,000 rows at once.
const (
	previewLimit     = 50  // rows per page unless ?limit= says otherwise
	previewMaxLimit  = 500 // the largest page
	previewMaxErrors = 200 // bad rows listed; errorCount counts them all
	previewStemRunes = 120 // a bad row's stem is cut to this
)

// previewPage is a question-import preview as answered.
type previewPage struct {
	Total      int              `json:"total"`      // questions in the file
	Valid      int              `json:"valid"`      // rows without errors
	Duplicated int              `json:"duplicated"` // valid rows with a near duplicate in the bank
	ErrorCount int              `json:"errorCount"` // bad rows
	Errors     []quiz.RowError  `json:"errors"`     // the first previewMaxErrors bad rows
	Rows       []quiz.ImportRow `json:"rows"`       // checked rows [offset, offset+limit)
	Offset     int              `json:"offset"`
	Limit      int              `json:"limit"`
}

// pageParams reads ?offset= and ?limit=.
func pageParams(c *fiber.Ctx) (offset, limit int, err error) {
	f := fault.Fields{}
	offset, limit = 0, previewLimit
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		f.Check(err != nil || n < 0, "offset", "must be a whole number, 0 or more")
		offset = n
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		f.Check(err != nil || n < 1 || n > previewMaxLimit, "limit", "must be a whole number from 1 to 500")
		limit = n
	}
	return offset, limit, f.Err()
}

// pagePreview makes the page of rep that starts at offset.
func pagePreview(rep quiz.ImportReport, offset, limit int) previewPage {
	p := previewPage{Total: rep.Total, Valid: len(rep.Rows), ErrorCount: len(rep.Errors), Offset: offset, Limit: limit,
		Errors: []quiz.RowError{}, Rows: []quiz.ImportRow{}}
	for _, r := range rep.Rows {
		for _, d := range r.Duplicates {
			if d.ID > 0 {
				p.Duplicated++
				break
			}
		}
	}
	for i, e := range rep.Errors {
		if i == previewMaxErrors {
			break
		}
		e.Stem = cutRunes(e.Stem, previewStemRunes)
		p.Errors = append(p.Errors, e)
	}
	if offset < len(rep.Rows) {
		p.Rows = rep.Rows[offset:min(offset+limit, len(rep.Rows))]
	}
	return p
}

func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// pagedResult replaces a finished preview job's report with its page.
func pagedResult(c *fiber.Ctx, result any) (any, error) {
	var rep quiz.ImportReport
	switch r := result.(type) {
	case quiz.ImportReport:
		rep = r
	case json.RawMessage: // the shared copy of a job on another instance
		var probe struct {
			Rows   *json.RawMessage `json:"rows"`
			Errors *json.RawMessage `json:"errors"`
		}
		if json.Unmarshal(r, &probe) != nil || (probe.Rows == nil && probe.Errors == nil) {
			return result, nil // an import result
		}
		if err := json.Unmarshal(r, &rep); err != nil {
			return nil, err
		}
	default:
		return result, nil
	}
	offset, limit, err := pageParams(c)
	if err != nil {
		return nil, err
	}
	return pagePreview(rep, offset, limit), nil
}

// pagedDetails answers a question-import report carried by an error (an
// import refused for its bad rows) as its first page.
func pagedDetails(details any) any {
	if rep, ok := details.(quiz.ImportReport); ok {
		return pagePreview(rep, 0, previewLimit)
	}
	return details
}
