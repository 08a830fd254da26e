package quiz

import (
	"time"
)

// Type is the kind of a question.
type Type string

const (
	TypeSingle    Type = "single"    // 单选题
	TypeMultiple  Type = "multiple"  // 多选题
	TypeTrueFalse Type = "truefalse" // 判断题
	TypeFill      Type = "fill"      // 填空题
	TypeShort     Type = "short"     // 简答题
)

// Types lists every question type in display order.
var Types = []Type{TypeSingle, TypeMultiple, TypeTrueFalse, TypeFill, TypeShort, TypeCase}

// TypeNames are the Chinese names used in files and section headers.
var TypeNames = map[Type]string{
	TypeSingle:    "单选题",
	TypeMultiple:  "多选题",
	TypeTrueFalse: "判断题",
	TypeFill:      "填空题",
	TypeShort:     "简答题",
	TypeCase:      "案例分析题",
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := TypeNames[t]; return ok }

// Choice reports whether answers are option letters.
func (t Type) Choice() bool { return t == TypeSingle || t == TypeMultiple }

// Status is where a question stands in its life.
type Status string

const (
	StatusDraft       Status = "draft"
	StatusActive      Status = "active"
	StatusRetired     Status = "retired"
	StatusNeedsReview Status = "needs_review" // a newer version of the cited law was recorded
)

// Statuses lists every status.
var Statuses = []Status{StatusDraft, StatusActive, StatusRetired, StatusNeedsReview}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusActive, StatusRetired, StatusNeedsReview:
		return true
	}
	return false
}

// Option is one choice of a choice question. Key is its letter A–H as
// written in the bank; candidates may see the options shuffled, but keys
// stay attached to their texts.
type Option struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// Answer is a question's key. Only the fields of the question's type are set.
type Answer struct {
	// Choices are the correct option keys, sorted (single and multiple choice).
	Choices []string `json:"choices,omitempty"`
	// True is the key of a true/false question.
	True *bool `json:"true,omitempty"`
	// Blanks are, per blank in order, the accepted variants (fill-in).
	Blanks [][]string `json:"blanks,omitempty"`
	// Reference is the reference answer of a short-answer question.
	Reference string `json:"reference,omitempty"`
	// Keywords, when set, grade a short answer automatically (a person confirms).
	Keywords []string `json:"keywords,omitempty"`
}

// Citation is the legal basis of a question: a law version and an article,
// with an optional paragraph (款) and item (项). Zero means "not given".
type Citation struct {
	LawID        int64  `json:"lawId"`
	LawName      string `json:"lawName"`
	VersionID    int64  `json:"versionId"`
	VersionLabel string `json:"versionLabel"`
	Article      int    `json:"article"`
	Paragraph    int    `json:"paragraph,omitempty"`
	Item         int    `json:"item,omitempty"`
}

// Question is one item of the bank at its current revision.
type Question struct {
	ID          int64    `json:"id"`
	Revision    int      `json:"revision"`
	Type        Type     `json:"type"`
	Stem        string   `json:"stem"`
	Options     []Option `json:"options,omitempty"`
	Answer      Answer   `json:"answer"`
	Explanation string   `json:"explanation"`
	Citation    Citation `json:"citation"`
	// Parts are the sub-questions of a case-analysis question; the case
	// narrative is the Stem.
	Parts      []Part    `json:"parts,omitempty"`
	Domains    []Domain  `json:"domains"`
	Difficulty int       `json:"difficulty"`
	Status     Status    `json:"status"`
	BankIDs    []int64   `json:"bankIds,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// View is what a candidate sees of a question before review is allowed:
// everything but the key, the explanation and the citation.
type View struct {
	ID       int64    `json:"id"`
	Revision int      `json:"revision"`
	Type     Type     `json:"type"`
	Stem     string   `json:"stem"`
	Options  []Option `json:"options,omitempty"`
	// Blanks is the number of blanks of a fill-in question.
	Blanks int `json:"blanks,omitempty"`
	// Parts are a case-analysis question's sub-questions, without keys.
	Parts []PartView `json:"parts,omitempty"`
}

// View strips the key. Options appear in the given key order when order is
// not empty (per-candidate shuffling).
func (q Question) View(order []string) View {
	v := View{ID: q.ID, Revision: q.Revision, Type: q.Type, Stem: q.Stem}
	if q.Type == TypeFill {
		v.Blanks = len(q.Answer.Blanks)
	}
	v.Parts = partViews(q.Parts)
	if len(order) == 0 {
		v.Options = append([]Option(nil), q.Options...)
		return v
	}
	byKey := make(map[string]Option, len(q.Options))
	for _, o := range q.Options {
		byKey[o.Key] = o
	}
	for _, k := range order {
		if o, ok := byKey[k]; ok {
			v.Options = append(v.Options, o)
		}
	}
	return v
}

// NewQuestion is the input for creating or editing a question. The
// citation names a law by ID or by name; the version defaults to the one
// in force.
type NewQuestion struct {
	Type        Type     `json:"type"`
	Stem        string   `json:"stem"`
	Options     []Option `json:"options"`
	Answer      Answer   `json:"answer"`
	Explanation string   `json:"explanation"`
	Citation    Citation `json:"citation"`
	Parts       []Part   `json:"parts"`
	Domains     []Domain `json:"domains"`
	Difficulty  int      `json:"difficulty"`
	Status      Status   `json:"status"`
	BankIDs     []int64  `json:"bankIds"`
}

// QuestionFilter selects questions. Zero fields do not filter.
type QuestionFilter struct {
	Query      string // text in the stem
	Type       Type
	LawID      int64
	Domain     Domain
	Difficulty int
	Status     Status
	BankID     int64
	IDs        []int64
	Offset     int
	Limit      int // 0 means no limit
}

// Response is a candidate's answer to one question. Only the fields of the
// question's type are read.
type Response struct {
	Choices []string `json:"choices,omitempty"`
	True    *bool    `json:"true,omitempty"`
	Blanks  []string `json:"blanks,omitempty"`
	Text    string   `json:"text,omitempty"`
	// Parts are the answers to a case-analysis question's sub-questions.
	Parts []PartResponse `json:"parts,omitempty"`
}

// PartResponse is the answer to one sub-question of a case-analysis
// question: option letters, or a text.
type PartResponse struct {
	Choices []string `json:"choices,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Empty reports whether nothing was answered.
func (r Response) Empty() bool {
	if len(r.Choices) > 0 || r.True != nil || r.Text != "" {
		return false
	}
	for _, b := range r.Blanks {
		if b != "" {
			return false
		}
	}
	for _, p := range r.Parts {
		if len(p.Choices) > 0 || p.Text != "" {
			return false
		}
	}
	return true
}

// DrawRule asks for Count questions of a type from the active questions
// matching the filter, worth Points each. Zero filter fields do not filter.
type DrawRule struct {
	Count         int     `json:"count"`
	Type          Type    `json:"type"`
	BankID        int64   `json:"bankId,omitempty"`
	LawID         int64   `json:"lawId,omitempty"`
	Domain        Domain  `json:"domain,omitempty"`
	MinDifficulty int     `json:"minDifficulty,omitempty"`
	MaxDifficulty int     `json:"maxDifficulty,omitempty"`
	Points        float64 `json:"points"`
}
