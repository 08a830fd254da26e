package judging

import (
	"strconv"
	"strings"
)

// SpeakerColumns are the headers of the speaker import template.
var SpeakerColumns = []string{"演讲顺序", "姓名", "单位", "演讲题目"}

// RowError is what is wrong with one row of an import.
type RowError struct {
	Row    int               `json:"row"` // 1-based, as the spreadsheet shows it
	Errors map[string]string `json:"errors"`
}

// SpeakerReport is the outcome of reading a speaker sheet.
type SpeakerReport struct {
	Entries []Entry    `json:"entries"`
	Errors  []RowError `json:"errors"`
}

// MaxImportRows bounds a speaker sheet.
const MaxImportRows = MaxEntries

// ParseSpeakers reads a speaker sheet (header row first, columns in any
// order, named as SpeakerColumns). units maps unit names to ids; a row
// whose unit is unknown, whose name is missing or whose order is not a
// positive number or repeats is reported, with every other row still read.
func ParseSpeakers(rows [][]string, units map[string]int64) SpeakerReport {
	rep := SpeakerReport{Entries: []Entry{}, Errors: []RowError{}}
	if len(rows) == 0 {
		rep.Errors = append(rep.Errors, RowError{Row: 1, Errors: map[string]string{"header": "the sheet is empty; use the template"}})
		return rep
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, h := range SpeakerColumns[1:3] {
		if _, ok := col[h]; !ok {
			rep.Errors = append(rep.Errors, RowError{Row: 1, Errors: map[string]string{"header": "missing column " + h + "; use the template"}})
			return rep
		}
	}
	if len(rows)-1 > MaxImportRows {
		rep.Errors = append(rep.Errors, RowError{Row: 1, Errors: map[string]string{"file": "at most 1000 speakers"}})
		return rep
	}
	cell := func(r []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	orders := map[int]int{}
	for n, r := range rows[1:] {
		rowNo := n + 2
		name, unit, title, order := cell(r, "姓名"), cell(r, "单位"), cell(r, "演讲题目"), cell(r, "演讲顺序")
		if name == "" && unit == "" && title == "" && order == "" {
			continue // blank line
		}
		errs := map[string]string{}
		if name == "" || len([]rune(name)) > 60 {
			errs["姓名"] = "1 to 60 characters"
		}
		id, ok := units[unit]
		if !ok {
			errs["单位"] = "not a known unit"
		}
		if len([]rune(title)) > 200 {
			errs["演讲题目"] = "at most 200 characters"
		}
		o := 0
		if order != "" {
			v, err := strconv.Atoi(order)
			switch {
			case err != nil || v < 1:
				errs["演讲顺序"] = "a positive whole number"
			case orders[v] != 0:
				errs["演讲顺序"] = "repeats row " + strconv.Itoa(orders[v])
			default:
				o = v
				orders[v] = rowNo
			}
		}
		if len(errs) > 0 {
			rep.Errors = append(rep.Errors, RowError{Row: rowNo, Errors: errs})
			continue
		}
		rep.Entries = append(rep.Entries, Entry{Order: o, Name: name, Title: title, UnitID: id, Unit: unit})
	}
	return rep
}
