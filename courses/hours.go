package courses

import (
	"context"
	"time"

	"github.com/weishi-dev/weishi/quiz"
)

// Attendance is one person's record for one session.
type Attendance struct {
	SessionID   int64      `json:"sessionId"`
	UserID      int64      `json:"userId"`
	Status      Status     `json:"status"`
	CheckedInAt *time.Time `json:"checkedInAt"`
	// Source is "qr" for a self check-in, "manual" for an organizer's mark.
	Source string `json:"source"`
	Reason string `json:"reason,omitempty"`
	// Filled on reads.
	Name     string `json:"name,omitempty"`
	UnitName string `json:"unitName,omitempty"`
}

// Credit is the hours one attended session earns, with what the hours
// count towards.
type Credit struct {
	Year    int
	Kind    Kind
	Domains []quiz.Domain
	Hours   float64
	Status  Status
}

// HoursKey groups hours in a training record.
type HoursKey struct {
	Year   int         `json:"year"`
	Kind   Kind        `json:"kind"`
	Domain quiz.Domain `json:"domain"`
}

// HoursLine is one line of a training record.
type HoursLine struct {
	HoursKey
	Hours float64 `json:"hours"`
}

// SumHours totals credited hours by year, kind and domain. A session of a
// class with several domains counts in each; a class without a domain
// counts under "general". Uncredited states earn nothing.
func SumHours(credits []Credit) []HoursLine {
	sums := map[HoursKey]float64{}
	var order []HoursKey
	for _, c := range credits {
		if !c.Status.Credited() || c.Hours <= 0 {
			continue
		}
		domains := c.Domains
		if len(domains) == 0 {
			domains = []quiz.Domain{quiz.DomainGeneral}
		}
		for _, d := range domains {
			k := HoursKey{Year: c.Year, Kind: c.Kind, Domain: d}
			if _, ok := sums[k]; !ok {
				order = append(order, k)
			}
			sums[k] += c.Hours
		}
	}
	out := make([]HoursLine, len(order))
	for i, k := range order {
		out[i] = HoursLine{HoursKey: k, Hours: sums[k]}
	}
	return out
}

// QuizResults tells whether a person passed a post-class paper. The lead
// wires it to the quiz service; without one, quizzes are not required.
type QuizResults interface {
	// Passed reports whether userID has a passing attempt at paperID.
	Passed(ctx context.Context, userID, paperID int64) (bool, error)
}

// Progress is how far a person is through a class.
type Progress struct {
	ClassID  int64   `json:"classId"`
	Sessions int     `json:"sessions"` // sessions (not cancelled) of the person's batches
	Held     int     `json:"held"`     // of which have started
	Attended int     `json:"attended"` // present or late
	Rate     float64 `json:"rate"`     // attended / held, 0..1
	Hours    float64 `json:"hours"`
	QuizOK   bool    `json:"quizOk"`
	Complete bool    `json:"complete"`
}

// Completed applies the completion rule: attendance of at least threshold
// percent of the held sessions, and the quiz passed when one is required.
// A class with no held sessions cannot be completed.
func Completed(sessions, attended, threshold int, quizRequired, quizPassed bool) bool {
	if sessions <= 0 {
		return false
	}
	if attended*100 < threshold*sessions {
		return false
	}
	return !quizRequired || quizPassed
}

// Rate is the person's attendance rate over the settled sessions: present
// or late out of expected, 0..1; ok is false when nothing was expected yet.
func (p PersonRate) Rate() (rate float64, ok bool) {
	if p.Expected <= 0 {
		return 0, false
	}
	return float64(p.Present+p.Late) / float64(p.Expected), true
}
