package debate

import (
	"strings"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// TeamColumns are the headers of the team import template: a team name,
// its unit, then its debaters in speaking order (一辩…四辩).
var TeamColumns = []string{"队名", "单位", "一辩", "二辩", "三辩", "四辩"}

// MaxImportTeams bounds a team sheet.
const MaxImportTeams = MaxTeams

// TeamReport is the outcome of reading a team sheet (debater ids are 0:
// the store assigns them).
type TeamReport struct {
	Teams  []Team             `json:"teams"`
	Errors []judging.RowError `json:"errors"`
}

// ParseTeams reads a team sheet (header row first, columns in any order,
// named as TeamColumns; the server's bounded xlsx reader supplies rows).
// units maps unit names to ids. A row with a missing or repeated team
// name, an unknown unit, or a missing, over-long or repeated debater is
// reported, with every other row still read.
func ParseTeams(rows [][]string, units map[string]int64) TeamReport {
	rep := TeamReport{Teams: []Team{}, Errors: []judging.RowError{}}
	head := func(msg string) TeamReport {
		rep.Errors = append(rep.Errors, judging.RowError{Row: 1, Errors: map[string]string{"header": msg}})
		return rep
	}
	if len(rows) == 0 {
		return head("the sheet is empty; use the template")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, h := range TeamColumns {
		if _, ok := col[h]; !ok {
			return head("missing column " + h + "; use the template")
		}
	}
	if len(rows)-1 > MaxImportTeams {
		rep.Errors = append(rep.Errors, judging.RowError{Row: 1, Errors: map[string]string{"file": "at most " + itoa(MaxImportTeams) + " teams"}})
		return rep
	}
	cell := func(r []string, name string) string {
		i := col[name]
		if i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	names := map[string]int{}
	debaters := map[string]int{} // unit + name → row: one person, one team
	for n, r := range rows[1:] {
		rowNo := n + 2
		blank := true
		for _, h := range TeamColumns {
			blank = blank && cell(r, h) == ""
		}
		if blank {
			continue
		}
		errs := fault.Fields{}
		name, unit := cell(r, "队名"), cell(r, "单位")
		errs.Text("队名", name, 60, true)
		if prev := names[name]; prev != 0 && name != "" {
			errs.Add("队名", "repeats row "+itoa(prev))
		}
		id, ok := units[unit]
		errs.Check(!ok, "单位", "not a known unit")
		t := Team{Name: name, UnitID: id}
		seen := map[string]bool{}
		for _, h := range TeamColumns[2:] {
			d := cell(r, h)
			errs.Text(h, d, 60, true)
			if d == "" {
				continue
			}
			if seen[d] {
				errs.Add(h, "the same debater twice")
			}
			if prev := debaters[unit+"\x00"+d]; prev != 0 {
				errs.Add(h, "already in the team of row "+itoa(prev))
			}
			seen[d] = true
			t.Debaters = append(t.Debaters, Debater{Name: d})
		}
		if len(errs) > 0 {
			rep.Errors = append(rep.Errors, judging.RowError{Row: rowNo, Errors: errs})
			continue
		}
		names[name] = rowNo
		for _, d := range t.Debaters {
			debaters[unit+"\x00"+d.Name] = rowNo
		}
		rep.Teams = append(rep.Teams, t)
	}
	return rep
}
