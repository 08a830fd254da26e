package judging

import (
	"reflect"
	"testing"
)

func TestParseSpeakers(t *testing.T) {
	units := map[string]int64{"一大队": 1, "二大队": 2}
	rows := [][]string{
		{"姓名", "单位", "演讲题目", "演讲顺序"},
		{"张三", "一大队", "守护文化市场", "2"},
		{"李四", "二大队", "", ""},
		{"", "", "", ""},
		{"王五", "三大队", "x", "1"},
		{"赵六", "一大队", "y", "2"},
		{"", "二大队", "z", "x"},
	}
	rep := ParseSpeakers(rows, units)
	want := []Entry{{Order: 2, Name: "张三", Title: "守护文化市场", UnitID: 1, Unit: "一大队"}, {Name: "李四", UnitID: 2, Unit: "二大队"}}
	if !reflect.DeepEqual(rep.Entries, want) {
		t.Fatalf("entries %+v", rep.Entries)
	}
	wantErr := []RowError{
		{Row: 5, Errors: map[string]string{"单位": "not a known unit"}},
		{Row: 6, Errors: map[string]string{"演讲顺序": "repeats row 2"}},
		{Row: 7, Errors: map[string]string{"姓名": "1 to 60 characters", "演讲顺序": "a positive whole number"}},
	}
	if !reflect.DeepEqual(rep.Errors, wantErr) {
		t.Fatalf("errors %+v", rep.Errors)
	}
	if r := ParseSpeakers([][]string{{"名字"}}, units); len(r.Errors) != 1 || r.Errors[0].Row != 1 {
		t.Fatalf("bad header %+v", r)
	}
	if r := ParseSpeakers(nil, units); len(r.Errors) != 1 {
		t.Fatal("empty sheet")
	}
}

func TestSpreadsAndSeverity(t *testing.T) {
	c := one(MethodMean, 0)
	ss := append(sheets(1, 6, 7, 8, 9), sheets(2, 5, 5)...)
	ss = append(ss, sheets(3, 4)...)
	got := Spreads(c, []Entry{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}}, ss)
	want := []Spread{
		{EntryID: 1, Min: 6, Q1: 6.75, Median: 7.5, Q3: 8.25, Max: 9, N: 4},
		{EntryID: 2, Min: 5, Q1: 5, Median: 5, Q3: 5, Max: 5, N: 2},
		{EntryID: 3, Min: 4, Q1: 4, Median: 4, Q3: 4, Max: 4, N: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("spreads %+v", got)
	}
	// entry 1 mean 7.5: judge 101 −1.5, 102 −0.5, 103 +0.5, 104 +1.5;
	// entry 2 mean 5: 0 for 101 and 102; entry 3 has one sheet and counts for nobody
	sev := Severities(c, ss)
	dev := map[int64]float64{}
	n := map[int64]int{}
	for _, s := range sev {
		dev[s.JudgeID], n[s.JudgeID] = s.Deviation, s.Sheets
	}
	if dev[101] != -0.75 || dev[102] != -0.25 || dev[103] != 0.5 || dev[104] != 1.5 || n[101] != 2 || n[105] != 0 || len(sev) != 9 {
		t.Fatalf("severity %+v", sev)
	}
}
