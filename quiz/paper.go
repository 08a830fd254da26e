package quiz

import "time"

// Counting says which attempt counts when several are allowed.
type Counting string

const (
	CountHighest Counting = "highest"
	CountLast    Counting = "last"
)

// Review says when candidates may see the key and explanations.
type Review string

const (
	ReviewImmediately Review = "immediately"
	ReviewAfterClose  Review = "after_close"
	ReviewNever       Review = "never"
)

// PaperItem is one fixed question of a paper.
type PaperItem struct {
	QuestionID int64   `json:"questionId"`
	Points     float64 `json:"points"`
}

// Paper is a quiz (试卷): fixed items, draw rules, or both, and settings.
type Paper struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Purpose is a free label, e.g. "post-class" or "mock".
	Purpose string      `json:"purpose"`
	Items   []PaperItem `json:"items"`
	Rules   []DrawRule  `json:"rules"`
	// TimeLimit in minutes; 0 means none (the window still closes it).
	TimeLimit      int        `json:"timeLimit"`
	OpensAt        *time.Time `json:"opensAt"`
	ClosesAt       *time.Time `json:"closesAt"`
	MaxAttempts    int        `json:"maxAttempts"` // 0 means unlimited
	Counting       Counting   `json:"counting"`
	PassMark       float64    `json:"passMark"`
	MultiMode      MultiMode  `json:"multiMode"`
	Review         Review     `json:"review"`
	ShuffleItems   bool       `json:"shuffleItems"`
	ShuffleOptions bool       `json:"shuffleOptions"`
	CreatedBy      int64      `json:"createdBy"`
	CreatedAt      time.Time  `json:"createdAt"`
	// TotalPoints is computed from items and rules.
	TotalPoints float64 `json:"totalPoints"`
	// Assigned is the number of assignees.
	Assigned int `json:"assigned"`
	// Started is the number of attempts begun: a paper with any may no
	// longer be edited (copy it instead).
	Started int `json:"started"`
	// ArchivedAt is set on an archived paper: hidden from the organizer's
	// list by default, not assignable, no new attempts.
	ArchivedAt *time.Time `json:"archivedAt"`
}

// Total returns the paper's full marks.
func (p Paper) Total() float64 {
	t := 0.0
	for _, it := range p.Items {
		t += it.Points
	}
	for _, r := range p.Rules {
		t += float64(r.Count) * r.Points
	}
	return round2(t)
}

// Open reports whether the paper can be started at now.
func (p Paper) Open(now time.Time) bool {
	if p.OpensAt != nil && now.Before(*p.OpensAt) {
		return false
	}
	if p.ClosesAt != nil && !now.Before(*p.ClosesAt) {
		return false
	}
	return true
}

// ReviewAllowed reports whether key and explanations may be shown at now
// for a submitted attempt.
func (p Paper) ReviewAllowed(now time.Time) bool {
	switch p.Review {
	case ReviewImmediately:
		return true
	case ReviewAfterClose:
		return p.ClosesAt != nil && !now.Before(*p.ClosesAt)
	}
	return false
}

// Assignment is a paper given to a person, with their progress.
type Assignment struct {
	PaperID    int64      `json:"paperId"`
	UserID     int64      `json:"userId"`
	UserName   string     `json:"userName"`
	UnitID     int64      `json:"unitId"`
	UnitName   string     `json:"unitName"`
	AssignedAt time.Time  `json:"assignedAt"`
	Attempts   int        `json:"attempts"`
	Best       *float64   `json:"best"`
	Counted    *float64   `json:"counted"`
	LastAt     *time.Time `json:"lastAt"`
}

// MyPaper is a paper as an assignee sees it in "my quizzes".
type MyPaper struct {
	Paper       Paper    `json:"paper"`
	Attempts    int      `json:"attempts"`
	Counted     *float64 `json:"counted"`
	Passed      bool     `json:"passed"`
	OpenAttempt int64    `json:"openAttempt,omitempty"`
	LastAttempt int64    `json:"lastAttempt,omitempty"`
}
