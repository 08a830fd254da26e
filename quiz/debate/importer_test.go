package debate

import (
	"strings"
	"testing"
)

func TestParseTeams(t *testing.T) {
	units := map[string]int64{"市局执法一队": 1, "东城区文化执法局": 2}
	head := []string{"单位", "队名", "一辩", "二辩", "三辩", "四辩"} // any order
	rows := [][]string{head,
		{"市局执法一队", "一队", "张三", "李四", "王五", "赵六"},
		{"", "", "", "", "", ""},                   // blank
		{"东城区文化执法局", "东城", "甲", "乙", "丙"},          // 四辩 missing
		{"西城", "西城", "a", "b", "c", "d"},           // unknown unit
		{"市局执法一队", "一队", "q", "w", "e", "r"},       // repeated team name
		{"东城区文化执法局", "东城2", "甲", "甲", "丙", "丁"},    // same debater twice
		{"市局执法一队", "一队B", "张三", "x", "y", "z"},     // already in row 2
		{"东城区文化执法局", "东城3", "  甲 ", "乙", "丙", "丁"}, // trimmed
		{"东城区文化执法局", strings.Repeat("长", 61), "1", "2", "3", "4"},
	}
	rep := ParseTeams(rows, units)
	if len(rep.Teams) != 2 || rep.Teams[0].Name != "一队" || rep.Teams[0].UnitID != 1 || rep.Teams[1].Debaters[0].Name != "甲" {
		t.Fatalf("teams %+v", rep.Teams)
	}
	want := map[int]string{4: "四辩", 5: "单位", 6: "队名", 7: "二辩", 8: "一辩", 10: "队名"}
	if len(rep.Errors) != len(want) {
		t.Fatalf("errors %+v", rep.Errors)
	}
	for _, e := range rep.Errors {
		if e.Errors[want[e.Row]] == "" {
			t.Errorf("row %d: want %s, got %v", e.Row, want[e.Row], e.Errors)
		}
	}
	if r := ParseTeams(nil, units); r.Errors[0].Errors["header"] == "" {
		t.Fatal("empty")
	}
	if r := ParseTeams([][]string{{"队名", "单位"}}, units); !strings.Contains(r.Errors[0].Errors["header"], "一辩") {
		t.Fatalf("missing column: %+v", r.Errors)
	}
	many := [][]string{head}
	for range MaxImportTeams + 1 {
		many = append(many, []string{"市局执法一队", "x", "1", "2", "3", "4"})
	}
	if r := ParseTeams(many, units); len(r.Teams) != 0 || r.Errors[0].Errors["file"] == "" {
		t.Fatal("too many rows")
	}
}
