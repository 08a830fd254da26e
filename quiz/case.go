package quiz

import (
	"fmt"
	"slices"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// A case-analysis question (案例分析题) is a case narrative, held in the
// question's Stem, followed by 2–5 sub-questions (Parts). Each part is a
// single choice, multiple choice or short answer with its own key,
// explanation and citation. The question's own Citation is its first
// part's, so laws, statistics and the notebook group it by that law.
// Each part is worth an equal share of the question's points.

// TypeCase is the type of a case-analysis question.
const TypeCase Type = "case"

// Part counts of a case-analysis question.
const (
	MinParts = 2
	MaxParts = 5
	MaxCase  = 6000 // the narrative, in characters
)

// Part is one sub-question of a case-analysis question.
type Part struct {
	Type        Type     `json:"type"`
	Stem        string   `json:"stem"`
	Options     []Option `json:"options,omitempty"`
	Answer      Answer   `json:"answer"`
	Explanation string   `json:"explanation"`
	Citation    Citation `json:"citation"`
}

// PartView is what a candidate sees of a part: no key, explanation or citation.
type PartView struct {
	Type    Type     `json:"type"`
	Stem    string   `json:"stem"`
	Options []Option `json:"options,omitempty"`
}

// PartTypes are the types a part may have.
var PartTypes = []Type{TypeSingle, TypeMultiple, TypeShort}

// partViews strips the parts' keys.
func partViews(parts []Part) []PartView {
	if len(parts) == 0 {
		return nil
	}
	out := make([]PartView, len(parts))
	for i, p := range parts {
		out[i] = PartView{Type: p.Type, Stem: p.Stem, Options: append([]Option(nil), p.Options...)}
	}
	return out
}

// PartMark is the mark of one part of a case-analysis answer.
type PartMark struct {
	Points  float64 `json:"points"`
	Score   float64 `json:"score"`
	Correct bool    `json:"correct"`
	Pending bool    `json:"pending"` // a short part a person must grade
}

// partPoints splits points equally over n parts, the rounding left on the last.
func partPoints(points float64, n int) []float64 {
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	each := round2(points / float64(n))
	for i := range out {
		out[i] = each
	}
	out[n-1] = round2(points - each*float64(n-1))
	return out
}

// GradeParts marks every part of a case-analysis response. Choice parts are
// final; short parts are pending with their keyword suggestion as score.
func GradeParts(q Question, r Response, points float64, mode MultiMode) []PartMark {
	pts := partPoints(points, len(q.Parts))
	out := make([]PartMark, len(q.Parts))
	for i, p := range q.Parts {
		var pr Response
		if i < len(r.Parts) {
			pr = Response{Choices: r.Parts[i].Choices, Text: r.Parts[i].Text}
		}
		sub := Question{Type: p.Type, Options: p.Options, Answer: p.Answer}
		m := Grade(sub, pr, pts[i], mode)
		out[i] = PartMark{Points: pts[i], Score: m.Score, Correct: m.Correct, Pending: m.Pending}
	}
	return out
}

func gradeCase(q Question, r Response, points float64, mode MultiMode) Mark {
	var m Mark
	m.Correct = len(q.Parts) > 0
	for _, pm := range GradeParts(q, r, points, mode) {
		m.Score += pm.Score
		m.Pending = m.Pending || pm.Pending
		m.Correct = m.Correct && pm.Correct
	}
	m.Score = round2(m.Score)
	if m.Pending {
		m.Correct = false
	}
	return m
}

// CaseScore is the total of a case-analysis answer once a person has given
// the scores of its short parts (in order of the short parts): the choice
// parts keep their automatic marks. fault.Invalid on a wrong count or a
// score outside a part's points.
func CaseScore(q Question, r Response, points float64, mode MultiMode, short []float64) (float64, error) {
	marks := GradeParts(q, r, points, mode)
	total, k := 0.0, 0
	for i, pm := range marks {
		if !pm.Pending {
			total += pm.Score
			continue
		}
		if k >= len(short) {
			return 0, fault.InvalidField("parts", fmt.Sprintf("give a score for each of the %d short sub-questions", countPending(marks)))
		}
		if s := short[k]; s < 0 || s > pm.Points {
			return 0, fault.InvalidField(fmt.Sprintf("parts[%d]", k), fmt.Sprintf("sub-question %d: must be between 0 and %g", i+1, pm.Points))
		}
		total += short[k]
		k++
	}
	if k != len(short) {
		return 0, fault.InvalidField("parts", fmt.Sprintf("give a score for each of the %d short sub-questions", countPending(marks)))
	}
	return round2(total), nil
}

func countPending(ms []PartMark) int {
	n := 0
	for _, m := range ms {
		if m.Pending {
			n++
		}
	}
	return n
}

// checkParts validates and normalizes a case-analysis question's parts;
// field names are as in NewQuestion's JSON ("parts[1].answer").
func checkParts(q *NewQuestion, f fault.Fields, laws []Law) {
	q.Options, q.Answer = nil, Answer{}
	if len(q.Parts) < MinParts || len(q.Parts) > MaxParts {
		f.Add("parts", fmt.Sprintf("a case-analysis question has %d to %d sub-questions", MinParts, MaxParts))
	}
	if len(q.Parts) > MaxParts {
		return
	}
	for i := range q.Parts {
		p := &q.Parts[i]
		name := fmt.Sprintf("parts[%d]", i)
		for j := range p.Options {
			p.Options[j].Key = strings.ToUpper(strings.TrimSpace(Fold(p.Options[j].Key)))
			p.Options[j].Text = strings.TrimSpace(p.Options[j].Text)
		}
		sub := NewQuestion{Type: p.Type, Stem: strings.TrimSpace(p.Stem), Options: p.Options, Answer: p.Answer,
			Explanation: strings.TrimSpace(p.Explanation), Citation: p.Citation, Domains: []Domain{DomainGeneral}, Difficulty: 3, Status: StatusActive}
		sf := fault.Fields{}
		if !slices.Contains(PartTypes, p.Type) {
			sf.Add("type", "a sub-question is single choice, multiple choice or short answer")
		} else {
			checkBody(&sub, sf)
			sub.checkText(sf)
			checkCitation(&sub, sf, laws)
			sf.Check(sub.Citation.LawID == 0 && sf["citation.lawId"] == "", "citation.lawId", "each sub-question cites an article")
		}
		for k, m := range sf {
			f.Add(name+"."+k, m)
		}
		*p = Part{Type: p.Type, Stem: sub.Stem, Options: sub.Options, Answer: sub.Answer, Explanation: sub.Explanation, Citation: sub.Citation}
	}
	if len(q.Parts) > 0 && q.Parts[0].Citation.LawID != 0 {
		q.Citation = q.Parts[0].Citation
	}
}
