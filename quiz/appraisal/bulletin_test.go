package appraisal

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// bulletinWorld is n documents of 10 units, each scored by k judges of a
// panel of 2k, with marks and one veto per 20 sheets.
func bulletinWorld(n, k int) (Standard, []Document, []judging.Sheet, judging.Config, []judging.Entry) {
	std := Template()
	cfg := judging.Config{Rubric: std.Rubric, Tiers: []judging.Tier{{Name: "一等奖", Share: 0.1}, {Name: "二等奖", Share: 0.2}}}
	for j := 0; j < 2*k; j++ {
		cfg.Panel = append(cfg.Panel, judging.Judge{UserID: int64(100 + j), Name: fmt.Sprint("评委", j), UnitID: 999})
	}
	cfg.Normalize()
	var docs []Document
	var entries []judging.Entry
	var sheets []judging.Sheet
	for i := 0; i < n; i++ {
		id := int64(1000 + i)
		unit := int64(i % 10)
		docs = append(docs, Document{EntryID: id, Code: fmt.Sprintf("文书-%03d", i+1), UnitID: unit, Unit: fmt.Sprint("单位", unit), CaseNo: fmt.Sprint("案", i)})
		entries = append(entries, judging.Entry{ID: id, UnitID: unit, Unit: fmt.Sprint("单位", unit)})
		for j := 0; j < k; j++ {
			sh := judging.Sheet{EntryID: id, JudgeID: int64(100 + (i+j)%(2*k)), Status: judging.SheetSubmitted,
				Marks:   map[string]map[string]int{"evidence": {"chain": 1 + i%2}, "law": {"cite": i % 3}},
				Comment: fmt.Sprint("意见", i, "-", j)}
			if len(sheets)%20 == 0 {
				sh.Vetoes = []judging.VetoMark{{Key: "ultra_vires", Reason: "超越法定职权"}}
			}
			total, _ := judging.Score(std.Rubric, sh)
			sh.Total = total.Points()
			sheets = append(sheets, sh)
		}
	}
	return std, docs, sheets, cfg, entries
}

func TestTallyAndDraft(t *testing.T) {
	std, docs, sheets, cfg, entries := bulletinWorld(40, 2)
	d := Tally("评查", std, docs, judging.Results(cfg, entries, sheets), sheets, cfg.Panel)
	if d.Sheets != 80 || d.Documents != 40 || len(d.Units) != 10 {
		t.Fatalf("tally %d sheets %d docs %d units", d.Sheets, d.Documents, len(d.Units))
	}
	if d.Deductions[0].Key != "evidence.chain" || d.Deductions[0].Count != 80 || d.Deductions[0].Share != 1 || d.Deductions[0].Remark != "意见0-0" {
		t.Fatalf("top deduction %+v", d.Deductions[0])
	}
	// law.cite is marked on documents i%3 != 0: 26 of 40, two sheets each
	if d.Deductions[1].Key != "law.cite" || d.Deductions[1].Count != 52 || d.Deductions[1].Share != 0.65 {
		t.Fatalf("second deduction %+v", d.Deductions[1])
	}
	if len(d.Vetoes) != 1 || d.Vetoes[0].Count != 4 || d.Vetoes[0].Name != "超越职权" || d.Vetoes[0].Remark != "超越法定职权" {
		t.Fatalf("vetoes %+v", d.Vetoes)
	}
	graded := 0
	for _, u := range d.Units {
		for _, n := range u.Grades {
			graded += n
		}
	}
	if graded != 40 || len(d.Winners) < 12 { // 4 + 8, more where ties expand a tier
		t.Fatalf("%d graded, %d winners", graded, len(d.Winners))
	}
	for _, u := range d.Units {
		if u.Grades[GradeFail] == 0 && u.UnitID == 0 {
			t.Fatalf("unit 0 holds the vetoed document 0 and has no fail: %+v", u)
		}
	}
	text := DraftSections(d)
	all := ""
	for _, s := range text {
		all += s.Heading + s.Body
	}
	for _, want := range []string{"单位0", "证据不能相互印证", "100.0%", "超越职权", "“意见0-0”", "一等奖："} {
		if !strings.Contains(all, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if err := CheckSections("", text); err == nil {
		t.Fatal("an empty title was accepted")
	}
	if err := CheckSections("通报", append(text, make([]Section, MaxSections)...)); err == nil {
		t.Fatal("too many sections were accepted")
	}
}

// BenchmarkBulletin500: the bulletin's data and draft for 500 sheets (250
// documents, two judges each), results aggregated as the route does.
func BenchmarkBulletin500(b *testing.B) {
	std, docs, sheets, cfg, entries := bulletinWorld(250, 2)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := Tally("评查", std, docs, judging.Results(cfg, entries, sheets), sheets, cfg.Panel)
		if len(DraftSections(d)) == 0 || d.Sheets != 500 {
			b.Fatal("no bulletin")
		}
	}
}

// TestTallyByCaseType: documents with a case type are counted by type and
// grade, and the draft names the types; documents without one are left out.
func TestTallyByCaseType(t *testing.T) {
	std, docs, sheets, cfg, entries := bulletinWorld(10, 2)
	for i := range docs {
		switch {
		case i < 6:
			docs[i].CaseType = "网吧"
		case i < 9:
			docs[i].CaseType = "出版物"
		}
	}
	d := Tally("评查", std, docs, judging.Results(cfg, entries, sheets), sheets, cfg.Panel)
	if len(d.CaseTypes) != 2 || d.CaseTypes[0].CaseType != "出版物" || d.CaseTypes[0].Documents != 3 || d.CaseTypes[1].Documents != 6 {
		t.Fatalf("case types %+v", d.CaseTypes)
	}
	n := 0
	for _, g := range d.CaseTypes[1].Grades {
		n += g
	}
	if n != 6 {
		t.Fatalf("网吧 grades %+v", d.CaseTypes[1].Grades)
	}
	all := ""
	for _, s := range DraftSections(d) {
		all += s.Body
	}
	if !strings.Contains(all, "按案件类型：出版物3件") || !strings.Contains(all, "网吧6件") {
		t.Fatalf("the draft does not group by case type: %s", all)
	}
}
