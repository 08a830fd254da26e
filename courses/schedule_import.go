package courses

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// ScheduleColumns are the columns of the schedule import template, in order.
var ScheduleColumns = []string{"培训班", "批次", "日期", "开始", "结束", "主题", "授课人", "地点", "学时"}

// MaxScheduleRows bounds one schedule file.
const MaxScheduleRows = 2000

// ScheduleRow is one data row of a schedule file.
type ScheduleRow struct {
	Row      int               `json:"row"` // the sheet row number (1 is the header)
	Class    string            `json:"class"`
	Batch    string            `json:"batch"`
	Date     string            `json:"date"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	Topic    string            `json:"topic"`
	Lecturer string            `json:"lecturer"`
	Venue    string            `json:"venue"`
	Hours    string            `json:"hours"`
	Errors   map[string]string `json:"errors,omitempty"`
}

// ScheduleReport says, row by row, what an import would do.
type ScheduleReport struct {
	Total      int           `json:"total"`
	Valid      bool          `json:"valid"`
	ErrorCount int           `json:"errorCount"`
	Rows       []ScheduleRow `json:"rows"`
	Created    int           `json:"created"`
}

// ParseScheduleSheet reads the cells of a schedule sheet whose first row
// is the header (columns in any order, named as in ScheduleColumns).
func ParseScheduleSheet(cells [][]string) ([]ScheduleRow, error) {
	if len(cells) == 0 {
		return nil, fault.InvalidField("file", "the sheet is empty")
	}
	col := map[string]int{}
	for i, h := range cells[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range ScheduleColumns {
		if _, ok := col[c]; !ok {
			return nil, fault.InvalidField("file", "the header row lacks the column "+c)
		}
	}
	if len(cells)-1 > MaxScheduleRows {
		return nil, fault.InvalidField("file", fmt.Sprintf("too many rows (at most %d)", MaxScheduleRows))
	}
	get := func(row []string, name string) string {
		if i := col[name]; i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []ScheduleRow
	for i, row := range cells[1:] {
		r := ScheduleRow{Row: i + 2, Class: get(row, "培训班"), Batch: get(row, "批次"), Date: get(row, "日期"), From: get(row, "开始"),
			To: get(row, "结束"), Topic: get(row, "主题"), Lecturer: get(row, "授课人"), Venue: get(row, "地点"), Hours: get(row, "学时")}
		if r.Class == "" && r.Batch == "" && r.Date == "" && r.Topic == "" {
			continue // blank line
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fault.InvalidField("file", "the sheet has no data rows")
	}
	return out, nil
}

// parseDate accepts 2026-05-11, 2026/5/11 and 2026.5.11.
func parseDate(s string) (string, bool) {
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return "", false
	}
	return t.Format(DateLayout), true
}

// parseClock accepts 9:00, 09:00 and 9.00.
func parseClock(s string) (string, bool) {
	t, err := time.Parse("15:04", strings.ReplaceAll(s, ".", ":"))
	if err != nil {
		return "", false
	}
	return t.Format("15:04"), true
}

// ImportSchedule checks every row of a schedule file and, when commit is
// true and every row is good, creates all its sessions in one
// transaction. Rows name an existing class (managed by the actor) and
// batch; a row outside its batch's dates or clashing with another session
// (already saved or in the file) is an error. When any row is bad nothing
// is written and the answer is fault.Invalid carrying the report.
func (s *Service) ImportSchedule(ctx context.Context, actor account.User, rows []ScheduleRow, commit bool) (ScheduleReport, error) {
	rep := ScheduleReport{Total: len(rows), Rows: rows}
	classes, err := s.store.Classes(ctx, ClassFilter{})
	if err != nil {
		return rep, err
	}
	byTitle := map[string]Class{}
	for _, c := range classes {
		byTitle[c.Title] = c
	}
	batches := map[int64][]Batch{}
	inputs := make([]SessionInput, len(rows))
	slots := make([]Slot, len(rows))
	people := map[int64][]int64{}
	var from, to time.Time
	for i := range rows {
		r := &rows[i]
		f := fault.Fields{}
		c, ok := byTitle[r.Class]
		switch {
		case r.Class == "":
			f.Add("class", "is required")
		case !ok:
			f.Add("class", "is not a known class")
		case !mayManage(actor, c):
			f.Add("class", "only the class's organizer may change it")
		}
		var b Batch
		if ok {
			if _, seen := batches[c.ID]; !seen {
				if batches[c.ID], err = s.store.Batches(ctx, c.ID); err != nil {
					return rep, err
				}
			}
			for _, x := range batches[c.ID] {
				if x.Name == r.Batch {
					b = x
				}
			}
			f.Check(b.ID == 0, "batch", "is not a batch of this class")
		}
		date, okDate := parseDate(r.Date)
		f.Check(!okDate, "date", "must be a date like 2026-05-10")
		start, okFrom := parseClock(r.From)
		end, okTo := parseClock(r.To)
		f.Check(!okFrom, "from", "must be a time like 09:00")
		f.Check(!okTo, "to", "must be a time like 09:00")
		hours := 0.0
		if r.Hours != "" {
			h, err := strconv.ParseFloat(r.Hours, 64)
			f.Check(err != nil, "hours", "must be a number")
			hours = h
		}
		if okDate && okFrom && okTo && b.ID != 0 {
			st, _ := time.ParseInLocation("2006-01-02 15:04", date+" "+start, Shanghai)
			en, _ := time.ParseInLocation("2006-01-02 15:04", date+" "+end, Shanghai)
			in := SessionInput{BatchID: b.ID, Start: st, End: en, Topic: r.Topic, Lecturer: r.Lecturer, Venue: r.Venue, Hours: hours}
			if err := in.Normalize(); err != nil {
				if e, ok := fault.As(err); ok {
					for k, v := range e.Fields {
						key := map[string]string{"start": "date", "end": "to"}[k]
						if key == "" {
							key = k
						}
						f.Add(key, v)
					}
				}
			}
			if in.Venue == "" {
				in.Venue = b.Venue
			}
			inputs[i] = in
			if _, seen := people[b.ID]; !seen {
				if people[b.ID], err = s.batchPeople(ctx, b.ID); err != nil {
					return rep, err
				}
			}
			slots[i] = Slot{Label: fmt.Sprintf("#%d %s", r.Row, r.Topic), Start: in.Start, End: in.End, Venue: in.Venue, Lecturer: in.Lecturer,
				People: people[b.ID], BatchStart: b.StartsOn, BatchEnd: b.EndsOn}
			if from.IsZero() || in.Start.Before(from) {
				from = in.Start
			}
			if in.End.After(to) {
				to = in.End
			}
		}
		if len(f) > 0 {
			r.Errors = map[string]string(f)
		}
	}
	// Clashes with saved sessions and between rows.
	var others []Slot
	if !from.IsZero() {
		if others, err = s.store.Slots(ctx, from, to); err != nil {
			return rep, err
		}
	}
	ok := make([]bool, len(rows))
	for i := range rows {
		ok[i] = rows[i].Errors == nil && inputs[i].BatchID != 0
	}
	for i := range rows {
		if !ok[i] {
			continue
		}
		// Row i against saved sessions and every other row, so both rows
		// of a clash inside the file are marked.
		var later []Slot
		for j := range rows {
			if j != i && ok[j] {
				later = append(later, slots[j])
			}
		}
		for _, c := range DetectClashes([]Slot{slots[i]}, append(append([]Slot{}, others...), later...)) {
			msg := "is outside the batch dates"
			field := "date"
			if c.Kind != ClashOutsideDate {
				field = "topic"
				msg = fmt.Sprintf("clashes with %s (%s)", c.Other, c.Kind)
			}
			if rows[i].Errors == nil {
				rows[i].Errors = map[string]string{}
			}
			if _, ok := rows[i].Errors[field]; !ok {
				rows[i].Errors[field] = msg
			}
		}
	}
	for _, r := range rows {
		if r.Errors != nil {
			rep.ErrorCount++
		}
	}
	rep.Valid = rep.ErrorCount == 0
	if !rep.Valid {
		return rep, &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("%d of %d rows have errors; nothing was imported", rep.ErrorCount, rep.Total), Details: rep}
	}
	if !commit {
		return rep, nil
	}
	if err := s.store.CreateSessions(ctx, inputs, s.now()); err != nil {
		return rep, err
	}
	rep.Created = len(inputs)
	return rep, nil
}
