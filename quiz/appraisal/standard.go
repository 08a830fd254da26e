package appraisal

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Grades of the shipped mapping.
const (
	GradeExcellent = "优秀"
	GradeGood      = "良好"
	GradePass      = "合格"
	GradeFail      = "不合格"
)

// Group is a part of the standard (合法性, 规范性) naming its criteria.
type Group struct {
	Key      string   `json:"key"`
	Name     string   `json:"name"`
	Criteria []string `json:"criteria"`
}

// Band maps scores of at least Min to Grade.
type Band struct {
	Grade string  `json:"grade"`
	Min   float64 `json:"min"`
}

// Standard is a review standard (评查标准): the judging rubric (deduction
// criteria with capped items, veto items) grouped into parts, and the
// grade mapping. Bands run from the best grade down; a score below every
// band, or a vetoed document, gets Fail.
type Standard struct {
	Version int            `json:"version"` // 1…; set by Revise
	Groups  []Group        `json:"groups"`
	Rubric  judging.Rubric `json:"rubric"`
	Bands   []Band         `json:"bands"`
	Fail    string         `json:"fail"`
}

func item(key, name string, pts float64) judging.Item {
	return judging.Item{Key: key, Name: name, Points: pts}
}

// Template is the shipped standard, after the common 案卷评查 structure:
// legality (subject, facts and evidence, applicable law, procedure,
// discretion) and conformity (writ format, filing and archiving), 100
// points, itemised deductions capped per criterion, and the veto items
// that fail a document whatever its score.
func Template() Standard {
	crit := func(key, name string, max, cap float64, items ...judging.Item) judging.Criterion {
		return judging.Criterion{Key: key, Name: name, Max: max, Cap: cap, Weight: 1, Deductions: items}
	}
	return Standard{
		Version: 1,
		Groups: []Group{
			{Key: "legality", Name: "合法性", Criteria: []string{"subject", "evidence", "law", "procedure", "discretion"}},
			{Key: "conformity", Name: "规范性", Criteria: []string{"format", "archive"}},
		},
		Rubric: judging.Rubric{
			Criteria: []judging.Criterion{
				crit("subject", "执法主体", 10, 10,
					item("party", "当事人认定不准确（名称、统一社会信用代码等）", 3),
					item("officers", "执法人员不具备执法资格或少于两人", 5),
					item("jurisdiction", "管辖依据不明", 2)),
				crit("evidence", "事实与证据", 25, 25,
					item("facts", "违法事实认定不清", 5),
					item("chain", "证据不能相互印证，未形成证据链", 5),
					item("form", "证据形式不合法（无签名、无来源、无日期）", 3),
					item("record", "现场检查（勘验）笔录、询问笔录要素缺失", 2)),
				crit("law", "法律适用", 15, 15,
					item("basis", "适用法律、法规条款错误", 5),
					item("cite", "引用条款不具体（未到条、款、项）", 2),
					item("qualify", "违法行为定性不准确", 4)),
				crit("procedure", "程序", 20, 20,
					item("notice", "未告知或未完整告知陈述、申辩、听证权利", 5),
					item("deadline", "超过法定期限办理", 3),
					item("approval", "立案、调查终结、决定未经审批", 3),
					item("service", "文书送达不符合规定", 2),
					item("review", "应当法制审核而未审核", 5)),
				crit("discretion", "裁量", 10, 10,
					item("benchmark", "未按裁量基准裁量或无裁量理由", 4),
					item("disproportion", "处罚明显不当，过罚不相当", 4)),
				crit("format", "文书格式", 12, 8,
					item("template", "未使用规定文书式样", 2),
					item("missing", "文书要素缺失（文号、日期、印章等）", 1),
					item("language", "文字表述错误、涂改未捺印", 0.5)),
				crit("archive", "立卷归档", 8, 8,
					item("order", "卷内文书排列顺序不符合规定", 1),
					item("index", "卷内目录、备考表缺失或填写不全", 1),
					item("late", "未按期归档", 2)),
			},
			Vetoes: []judging.Veto{
				{Key: "subject_illegal", Name: "主体不合法"},
				{Key: "ultra_vires", Name: "超越职权"},
				{Key: "evidence_lacking", Name: "主要证据不足"},
			},
		},
		Bands: []Band{{GradeExcellent, 90}, {GradeGood, 80}, {GradePass, 60}},
		Fail:  GradeFail,
	}
}

// Clone returns a deep copy, so no edit of one changes the other.
func (s Standard) Clone() Standard {
	b, err := json.Marshal(s)
	if err != nil {
		return s
	}
	var out Standard
	if json.Unmarshal(b, &out) != nil {
		return s
	}
	return out
}

// Max is the standard's full score.
func (s Standard) Max() float64 {
	var m float64
	for _, c := range s.Rubric.Criteria {
		w := c.Weight
		if w == 0 {
			w = 1
		}
		m += c.Max * w
	}
	return m
}

// Validate checks the standard field by field: the rubric by the judging
// rules, every criterion in exactly one group, grade bands with names,
// strictly falling minimums within 0…the full score, and a fail grade.
func (s Standard) Validate() error {
	cfg := judging.Config{Rubric: s.Rubric}
	cfg.Normalize()
	f := fault.Fields{}
	if err := cfg.Validate(false); err != nil {
		if fe, ok := err.(*fault.Error); ok {
			for k, v := range fe.Fields {
				f.Add(strings.TrimPrefix(k, "config."), v)
			}
		} else {
			return err
		}
	}
	f.Check(len(s.Rubric.Criteria) == 0, "rubric.criteria", "at least one criterion")
	seen := map[string]int{}
	for i, g := range s.Groups {
		p := "groups[" + strconv.Itoa(i) + "]"
		f.Check(strings.TrimSpace(g.Name) == "" || len([]rune(g.Name)) > 30, p+".name", "1 to 30 characters")
		for _, k := range g.Criteria {
			_, ok := s.Rubric.Criterion(k)
			f.Check(!ok, p+".criteria", "unknown criterion "+k)
			seen[k]++
		}
	}
	for _, c := range s.Rubric.Criteria {
		f.Check(seen[c.Key] != 1, "groups", "criterion "+c.Key+" must be in exactly one group")
	}
	f.Check(len(s.Bands) == 0 || len(s.Bands) > 10, "bands", "1 to 10 grades")
	names := map[string]bool{strings.TrimSpace(s.Fail): true}
	f.Check(strings.TrimSpace(s.Fail) == "", "fail", "required")
	prev := math.Inf(1)
	for i, b := range s.Bands {
		p := "bands[" + strconv.Itoa(i) + "]"
		g := strings.TrimSpace(b.Grade)
		f.Check(g == "" || len([]rune(g)) > 20 || names[g], p+".grade", "1 to 20 characters, each grade once")
		names[g] = true
		f.Check(math.IsNaN(b.Min) || b.Min < 0 || b.Min > s.Max() || b.Min >= prev, p+".min", "falling from the best grade, within 0 to the full score")
		prev = b.Min
	}
	return f.Err()
}

// Grade maps a score to a grade; a vetoed document fails whatever its
// score.
func (s Standard) Grade(score float64, vetoed bool) string {
	if vetoed {
		return s.Fail
	}
	for _, b := range s.Bands {
		if judging.ToMicro(score) >= judging.ToMicro(b.Min) {
			return b.Grade
		}
	}
	return s.Fail
}

// GradeResult grades an aggregated entry (judging.Result).
func (s Standard) GradeResult(r judging.Result) string {
	return s.Grade(r.Score, r.Failed)
}

// History is a contest's standards, version 1 first. Sheets record the
// version they were submitted under and are always scored by it, so a
// revision never changes a submitted sheet.
type History []Standard

// Current is the latest version.
func (h History) Current() (Standard, bool) {
	if len(h) == 0 {
		return Standard{}, false
	}
	return h[len(h)-1].Clone(), true
}

// At returns a version.
func (h History) At(version int) (Standard, bool) {
	i := slices.IndexFunc(h, func(s Standard) bool { return s.Version == version })
	if i < 0 {
		return Standard{}, false
	}
	return h[i].Clone(), true
}

// Revise validates next and appends it as a new version; the earlier
// versions are kept as they were (next is copied, so later changes to it
// touch nothing stored).
func (h History) Revise(next Standard) (History, error) {
	if err := next.Validate(); err != nil {
		return h, err
	}
	n := next.Clone()
	n.Version = len(h) + 1
	if len(h) > 0 {
		n.Version = h[len(h)-1].Version + 1
	}
	return append(slices.Clip(h), n), nil
}

// ScoreSheet checks and scores a sheet by the version it was submitted
// under.
func (h History) ScoreSheet(version int, sh judging.Sheet) (float64, error) {
	s, ok := h.At(version)
	if !ok {
		return 0, fault.Errorf(fault.Invalid, "the standard has no version %d", version)
	}
	if err := judging.CheckSheet(s.Rubric, sh); err != nil {
		return 0, err
	}
	total, _ := judging.Score(s.Rubric, sh)
	return total.Points(), nil
}
