package appraisal

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Winner is a document that won a tier.
type Winner struct {
	Tier    string  `json:"tier"`
	Rank    int     `json:"rank"`
	Code    string  `json:"code"`
	Unit    string  `json:"unit"`
	CaseNo  string  `json:"caseNo"`
	Type    string  `json:"caseType,omitempty"`
	Score   float64 `json:"score"`
	Display string  `json:"display"`
	Grade   string  `json:"grade"`
}

// UnitGrades is a unit's documents by grade.
type UnitGrades struct {
	UnitID    int64          `json:"unitId"`
	Unit      string         `json:"unit"`
	Documents int            `json:"documents"`
	Grades    map[string]int `json:"grades"`
}

// TypeGrades is the documents of one case type (案件类型) by grade.
type TypeGrades struct {
	CaseType  string         `json:"caseType"`
	Documents int            `json:"documents"`
	Grades    map[string]int `json:"grades"`
}

// Problem is a deduction item or a veto item as often as sheets marked
// it: Share is of the submitted sheets; Remark is one judge's remark on a
// sheet that marked it (the sheet's comment, or the veto's reason).
type Problem struct {
	Key       string  `json:"key"` // criterion.item, or the veto key
	Criterion string  `json:"criterion,omitempty"`
	Name      string  `json:"name"`
	Count     int     `json:"count"`
	Share     float64 `json:"share"`
	Points    float64 `json:"points,omitempty"` // points taken off in all
	Remark    string  `json:"remark,omitempty"`
}

// BulletinData is what the bulletin is drafted from, also the charts'.
type BulletinData struct {
	Title      string             `json:"title"`
	Documents  int                `json:"documents"`
	Sheets     int                `json:"sheets"`
	Judges     int                `json:"judges"`
	Grades     []string           `json:"grades"` // best first, the fail grade last
	Winners    []Winner           `json:"winners"`
	Units      []UnitGrades       `json:"units"`
	CaseTypes  []TypeGrades       `json:"caseTypes"`  // documents with a case type, by type
	Deductions []Problem          `json:"deductions"` // most frequent first
	Vetoes     []Problem          `json:"vetoes"`
	Severity   []judging.Severity `json:"severity"`
}

// Section is one part of the bulletin's text.
type Section struct {
	Heading string `json:"heading"`
	Body    string `json:"body"`
}

// Bulletin is the results bulletin (通报): sections an organizer edits
// and publishes, and the data they were drafted from.
type Bulletin struct {
	ContestID   int64        `json:"contestId"`
	Title       string       `json:"title"`
	Sections    []Section    `json:"sections"`
	Version     int          `json:"version"` // 0: a draft never saved
	PublishedAt *time.Time   `json:"publishedAt,omitempty"`
	UpdatedAt   time.Time    `json:"updatedAt"`
	Data        BulletinData `json:"data"`
}

// Bounds of an edited bulletin.
const (
	MaxSections    = 30
	MaxSectionBody = 20000
)

// CheckSections checks an edited bulletin field by field.
func CheckSections(title string, ss []Section) error {
	f := fault.Fields{}
	f.Check(strings.TrimSpace(title) == "" || len([]rune(title)) > 100, "title", "1 to 100 characters")
	f.Check(len(ss) == 0 || len(ss) > MaxSections, "sections", fmt.Sprintf("1 to %d sections", MaxSections))
	for i, s := range ss {
		f.Check(len([]rune(s.Heading)) > 100, fmt.Sprintf("sections[%d].heading", i), "at most 100 characters")
		f.Check(len([]rune(s.Body)) > MaxSectionBody, fmt.Sprintf("sections[%d].body", i), fmt.Sprintf("at most %d characters", MaxSectionBody))
	}
	return f.Err()
}

// Tally computes the bulletin's data from the documents (with their
// identities: drafting comes after the reveal), the ranked results and
// the submitted sheets, graded by std.
func Tally(title string, std Standard, docs []Document, results []judging.Result, sheets []judging.Sheet, panel []judging.Judge) BulletinData {
	d := BulletinData{Title: title, Documents: len(docs), Judges: len(panel), Winners: []Winner{}, Units: []UnitGrades{},
		Deductions: []Problem{}, Vetoes: []Problem{}, Severity: []judging.Severity{}, CaseTypes: []TypeGrades{}}
	for _, b := range std.Bands {
		d.Grades = append(d.Grades, b.Grade)
	}
	d.Grades = append(d.Grades, std.Fail)
	byID := map[int64]Document{}
	for _, doc := range docs {
		byID[doc.EntryID] = doc
	}
	units := map[int64]*UnitGrades{}
	var unitOrder []int64
	types := map[string]*TypeGrades{}
	var typeOrder []string
	for _, r := range results {
		doc := byID[r.EntryID]
		grade := ""
		if r.Sheets > 0 && r.Pending == "" {
			grade = std.GradeResult(r)
		}
		if r.Tier != "" {
			d.Winners = append(d.Winners, Winner{Tier: r.Tier, Rank: r.Rank, Code: doc.Code, Unit: doc.Unit, CaseNo: doc.CaseNo, Type: doc.CaseType, Score: r.Score, Display: r.Display, Grade: grade})
		}
		u := units[doc.UnitID]
		if u == nil {
			u = &UnitGrades{UnitID: doc.UnitID, Unit: doc.Unit, Grades: map[string]int{}}
			units[doc.UnitID] = u
			unitOrder = append(unitOrder, doc.UnitID)
		}
		u.Documents++
		if grade != "" {
			u.Grades[grade]++
		}
		if doc.CaseType != "" {
			tg := types[doc.CaseType]
			if tg == nil {
				tg = &TypeGrades{CaseType: doc.CaseType, Grades: map[string]int{}}
				types[doc.CaseType] = tg
				typeOrder = append(typeOrder, doc.CaseType)
			}
			tg.Documents++
			if grade != "" {
				tg.Grades[grade]++
			}
		}
	}
	sort.Strings(typeOrder)
	for _, k := range typeOrder {
		d.CaseTypes = append(d.CaseTypes, *types[k])
	}
	sort.Slice(unitOrder, func(i, j int) bool { return units[unitOrder[i]].Unit < units[unitOrder[j]].Unit })
	for _, id := range unitOrder {
		d.Units = append(d.Units, *units[id])
	}

	sorted := append([]judging.Sheet(nil), sheets...)
	sort.Slice(sorted, func(i, j int) bool {
		if sorted[i].EntryID != sorted[j].EntryID {
			return sorted[i].EntryID < sorted[j].EntryID
		}
		return sorted[i].JudgeID < sorted[j].JudgeID
	})
	ded := map[string]*Problem{}
	veto := map[string]*Problem{}
	for _, sh := range sorted {
		if sh.Status != judging.SheetSubmitted {
			continue
		}
		d.Sheets++
		for _, c := range std.Rubric.Criteria {
			for _, it := range c.Deductions {
				n := sh.Marks[c.Key][it.Key]
				if n <= 0 {
					continue
				}
				key := c.Key + "." + it.Key
				p := ded[key]
				if p == nil {
					p = &Problem{Key: key, Criterion: c.Name, Name: it.Name}
					ded[key] = p
				}
				p.Count++
				p.Points += it.Points * float64(n)
				if p.Remark == "" {
					p.Remark = sh.Comment
				}
			}
		}
		for _, v := range sh.Vetoes {
			p := veto[v.Key]
			if p == nil {
				name := v.Key
				for _, x := range std.Rubric.Vetoes {
					if x.Key == v.Key {
						name = x.Name
					}
				}
				p = &Problem{Key: v.Key, Name: name}
				veto[v.Key] = p
			}
			p.Count++
			if p.Remark == "" {
				p.Remark = v.Reason
			}
		}
	}
	d.Deductions = ranked(ded, d.Sheets)
	d.Vetoes = ranked(veto, d.Sheets)
	d.Severity = judging.Severities(judging.Config{Rubric: std.Rubric, Panel: panel}, sheets)
	return d
}

func ranked(m map[string]*Problem, sheets int) []Problem {
	out := make([]Problem, 0, len(m))
	for _, p := range m {
		if sheets > 0 {
			p.Share = math.Round(float64(p.Count)/float64(sheets)*1e4) / 1e4
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// CommonProblems is how many deduction items the draft names.
const CommonProblems = 5

// DraftSections writes the bulletin's text from its data, in the usual
// order of a 通报: the overview, the winners by tier, the grades by unit,
// the common problems with one remark each, the vetoes, and what comes
// next (left for the organizer to edit).
func DraftSections(d BulletinData) []Section {
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }
	var b strings.Builder
	out := []Section{{Heading: "一、基本情况", Body: fmt.Sprintf("本次%s共收到参评文书（案卷）%d件，由%d名评查人员按照评查标准交叉、盲评，共提交评查表%d份。",
		d.Title, d.Documents, d.Judges, d.Sheets)}}

	b.Reset()
	tier := ""
	for _, w := range d.Winners {
		if w.Tier != tier {
			if tier != "" {
				b.WriteString("\n")
			}
			tier = w.Tier
			b.WriteString(w.Tier + "：")
		} else {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s（%s，%s分）", w.Unit, w.CaseNo, w.Display)
	}
	if b.Len() == 0 {
		b.WriteString("本次评选未产生获奖文书。")
	}
	out = append(out, Section{Heading: "二、评选结果", Body: b.String()})

	b.Reset()
	for i, u := range d.Units {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s：参评%d件", u.Unit, u.Documents)
		for _, g := range d.Grades {
			if n := u.Grades[g]; n > 0 {
				fmt.Fprintf(&b, "，%s%d件", g, n)
			}
		}
		b.WriteString("。")
	}
	if len(d.CaseTypes) > 0 {
		b.WriteString("\n按案件类型：")
		for i, tg := range d.CaseTypes {
			if i > 0 {
				b.WriteString("；")
			}
			fmt.Fprintf(&b, "%s%d件", tg.CaseType, tg.Documents)
			for _, g := range d.Grades {
				if n := tg.Grades[g]; n > 0 {
					fmt.Fprintf(&b, "（%s%d件）", g, n)
				}
			}
		}
		b.WriteString("。")
	}
	out = append(out, Section{Heading: "三、各单位等次分布", Body: b.String()})

	b.Reset()
	for i, p := range d.Deductions {
		if i == CommonProblems {
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "（%d）%s（%s）：%d份评查表扣分，占%s。", i+1, p.Name, p.Criterion, p.Count, pct(p.Share))
		if p.Remark != "" {
			fmt.Fprintf(&b, "评查意见举例：“%s”", p.Remark)
		}
	}
	if b.Len() == 0 {
		b.WriteString("评查中未发现共性扣分问题。")
	}
	out = append(out, Section{Heading: "四、存在的主要问题", Body: b.String()})

	b.Reset()
	for i, p := range d.Vetoes {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s：%d份评查表，占%s。", p.Name, p.Count, pct(p.Share))
		if p.Remark != "" {
			fmt.Fprintf(&b, "理由：“%s”", p.Remark)
		}
	}
	if b.Len() == 0 {
		b.WriteString("本次评查未发现一票否决情形。")
	}
	out = append(out, Section{Heading: "五、一票否决情况", Body: b.String()})
	out = append(out, Section{Heading: "六、下一步工作要求", Body: "各单位要对照本通报指出的问题，认真组织自查整改，进一步规范执法文书制作和案卷归档。"})
	return out
}
